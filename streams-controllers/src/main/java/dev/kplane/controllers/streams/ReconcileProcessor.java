package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The shell that runs {@link Reconciler}s, as kube-controller-manager's shared informers + workqueues + workers. All
 * controllers whose inputs are keyed by namespace run in ONE sub-topology and one processor, as kube's controllers
 * share one informer per type: the changes of every input type are repartitioned by namespace once, together
 * ({@code <application.id>-objects-repartition}), each type kept in one store ({@code objects-<resource>}), and each
 * change is applied there once, then shown to every controller that reads the type. Each controller has its own
 * queue ({@code <controller>-queue}: key → due time), expectations ({@code <controller>-expectations}) and notes
 * ({@code <controller>-notes}); a wall-clock punctuation reconciles the due keys of each controller and forwards
 * their requests. Several changes to one owner between two punctuations cost one reconcile. All stores are
 * changelogged RocksDB stores: a task that moves to another instance resumes with the same pending work.
 *
 * <p>An update, patch or delete identical to one sent less than {@link #REPEAT_AFTER_MS} ago is not sent again: it
 * was based on an RV the store has not yet seen change, and would only conflict.
 */
public final class ReconcileProcessor implements ProcessorSupplier<String, Change, String, Request> {
  static final long REPEAT_AFTER_MS = 30_000;
  /** A reconcile that threw is tried again after this long (kube requeues with rate limiting). */
  static final long RETRY_AFTER_FAILURE_MS = 5_000;
  /** The name of the shared inputs: repartition topic {@code <application.id>-objects-repartition}. */
  public static final String SHARED = "objects";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReconcileProcessor.class);

  /** One controller hosted by the shared processor. */
  private record Spec(String controller, List<ResourceType> inputs, Reconciler reconciler, boolean failedReplies) {}

  /** The controllers registered with one builder, built into the topology by {@link #buildAll}. */
  private static final class Specs {
    final List<Spec> list = new ArrayList<>();
    boolean built;
  }

  private final List<Spec> specs;
  private final List<ResourceType> types;
  private final long intervalMs;

  private ReconcileProcessor(List<Spec> specs, List<ResourceType> types, long intervalMs) {
    this.specs = specs;
    this.types = types;
    this.intervalMs = intervalMs;
  }

  /**
   * Adds a controller: its inputs (repartitioned by namespace, shared with the other controllers that read them)
   * and its reconciler. The sub-topology is made by {@link #buildAll} once every controller is added.
   */
  public static void build(StreamsBuilder builder, ControllerContext context, String controller,
      List<ResourceType> inputs, Reconciler reconciler) {
    register(context, new Spec(controller, List.copyOf(inputs), reconciler, false));
  }

  /**
   * As {@link #build(StreamsBuilder, ControllerContext, String, List, Reconciler)}, and the failed replies to the
   * controller's {@link RequestIds#tag tagged} requests come to {@link Reconciler#observe} as changes of resource
   * {@link RequestIds#REPLIES}; the controller keeps what it learns in its notes store ({@link State#notes}).
   */
  public static void buildWithFailedReplies(StreamsBuilder builder, ControllerContext context, String controller,
      List<ResourceType> inputs, Reconciler reconciler) {
    register(context, new Spec(controller, List.copyOf(inputs), reconciler, true));
  }

  private static void register(ControllerContext context, Spec spec) {
    Specs specs = context.memo(Specs.class, Specs::new);
    if (specs.built) {
      throw new IllegalStateException("controller " + spec.controller() + " added after the shared sub-topology was built");
    }
    if (specs.list.stream().anyMatch(s -> s.controller().equals(spec.controller()))) {
      throw new IllegalArgumentException("controller " + spec.controller() + " added twice");
    }
    specs.list.add(spec);
  }

  /**
   * Builds the shared sub-topology of every controller added with {@link #build}: the union of their inputs
   * repartitioned by namespace, merged into one processor, its requests to the requests topic.
   */
  public static void buildAll(StreamsBuilder builder, ControllerContext context) {
    Specs specs = context.memo(Specs.class, Specs::new);
    if (specs.built || specs.list.isEmpty()) {
      return;
    }
    specs.built = true;
    ReconcileProcessor supplier = supplier(context);
    KStream<String, Change> merged = null;
    for (ResourceType t : supplier.types) {
      KStream<String, Change> s = Sources.changes(builder, context, t)
          .selectKey((k, c) -> Sources.namespaceKey(t, c.object()), Named.as(SHARED + "-key-" + t.groupResource()));
      merged = merged == null ? s : merged.merge(s, Named.as(SHARED + "-merge-" + t.groupResource()));
    }
    // one repartition topic for every type: each type's own would be ~40 topics × partitions for the broker to
    // create at the first start and to fetch from at every poll
    merged = merged.repartition(Repartitioned.with(Serdes.String(), Change.serde())
        .withName(SHARED)
        .withNumberOfPartitions(context.partitions()));
    Set<String> withReplies = new TreeSet<>();
    specs.list.stream().filter(Spec::failedReplies).forEach(s -> withReplies.add(s.controller()));
    if (!withReplies.isEmpty()) {
      merged = merged.merge(Sources.failedReplies(builder, context, withReplies), Named.as(SHARED + "-merge-replies"));
    }
    RequestSink.to(merged.process(supplier, Named.as("controllers-reconcile")), context, "controllers");
  }

  /** The processor of the controllers added to {@code context}: what {@link #buildAll} puts in the topology. */
  static ReconcileProcessor supplier(ControllerContext context) {
    Specs specs = context.memo(Specs.class, Specs::new);
    Set<ResourceType> types = new LinkedHashSet<>();
    specs.list.forEach(s -> types.addAll(s.inputs()));
    return new ReconcileProcessor(List.copyOf(specs.list), List.copyOf(types), context.reconcileInterval().toMillis());
  }

  /** The shared store of one input type. */
  public static String storeName(ResourceType type) {
    return SHARED + "-" + type.groupResource();
  }

  public static String expectationsStoreName(String controller) {
    return controller + "-expectations";
  }

  public static String queueStoreName(String controller) {
    return controller + "-queue";
  }

  public static String notesStoreName(String controller) {
    return controller + "-notes";
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    Set<StoreBuilder<?>> stores = new HashSet<>();
    for (ResourceType t : types) {
      // no record cache: ObjectStore mirrors the store in memory already
      stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName(t)),
          Serdes.String(), JsonSerdes.object()));
    }
    for (Spec spec : specs) {
      // cached: an owner's expectations and due time change with every pod, the changelog gets one record per commit
      stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(expectationsStoreName(spec.controller())),
          Serdes.String(), JsonSerdes.of(Expectations.class)).withCachingEnabled());
      stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(queueStoreName(spec.controller())),
          Serdes.String(), Serdes.Long()).withCachingEnabled());
      if (spec.failedReplies()) {
        stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(notesStoreName(spec.controller())),
            Serdes.String(), JsonSerdes.object()));
      }
    }
    return stores;
  }

  @Override
  public Processor<String, Change, String, Request> get() {
    return new Host();
  }

  /**
   * The processor of one task: the shared stores, and every hosted controller's own state. Streams calls {@code init}
   * again on the same instance when it resumes a suspended task (a rebalance that revokes and gives back the task),
   * after {@code close}: every view of the stores is made anew there and the old punctuation cancelled. (Keeping the
   * first init's views made a second set of controllers whose stale mirrors took due keys from the queue and decided
   * nothing: found by FailoverIT under CPU starvation, pinned by ReconcileProcessorTest.)
   */
  private final class Host implements Processor<String, Change, String, Request> {
    private ProcessorContext<String, Request> context;
    private final Map<String, ObjectStore> objects = new HashMap<>();
    private final List<Hosted> hosted = new ArrayList<>();
    private final Map<String, List<Hosted>> readers = new HashMap<>();
    private final Map<String, Hosted> byName = new HashMap<>();
    private Cancellable punctuation;

    @Override
    public void init(ProcessorContext<String, Request> context) {
      close();
      this.context = context;
      for (ResourceType t : types) {
        objects.put(t.groupResource(), new ObjectStore(context.getStateStore(storeName(t))));
      }
      for (Spec spec : specs) {
        Hosted h = new Hosted(spec, context, objects);
        hosted.add(h);
        byName.put(spec.controller(), h);
        spec.inputs().forEach(t -> readers.computeIfAbsent(t.groupResource(), r -> new ArrayList<>()).add(h));
      }
      punctuation = context.schedule(java.time.Duration.ofMillis(intervalMs), PunctuationType.WALL_CLOCK_TIME, this::drain);
    }

    @Override
    public void close() {
      if (punctuation != null) {
        punctuation.cancel();
        punctuation = null;
      }
      objects.clear();
      hosted.clear();
      readers.clear();
      byName.clear();
    }

    @Override
    public void process(Record<String, Change> record) {
      Change change = record.value();
      long now = context.currentSystemTimeMs();
      if (change.resource().equals(RequestIds.REPLIES)) {
        Hosted h = byName.get(change.object().path("controller").asText());
        if (h != null) {
          h.observe(change, null, now);
        }
        return;
      }
      ObjectStore store = objects.get(change.resource());
      if (store == null) {
        return;
      }
      ObjectNode previous = store.apply(change);
      for (Hosted h : readers.getOrDefault(change.resource(), List.of())) {
        h.observe(change, previous, now);
      }
    }

    private void drain(long now) {
      for (Hosted h : hosted) {
        h.drain(now);
      }
    }
  }

  /** One controller's queue, expectations, notes and recent requests, and its view of the shared stores. */
  private static final class Hosted implements State {
    private final Spec spec;
    private final ProcessorContext<String, Request> context;
    private final Map<String, ObjectStore> objects;
    private final ExpectationsStore expectations;
    private final KeyValueStore<String, Long> queue;
    private final KeyValueStore<String, ObjectNode> notes;
    /** path → (body, sent at) of recent non-create requests. */
    private final Map<String, KeyValue<String, Long>> sent = new HashMap<>();
    /** The earliest due time in the queue (a hint that spares scanning an idle queue at every punctuation). */
    private long nextDue = Long.MIN_VALUE;

    Hosted(Spec spec, ProcessorContext<String, Request> context, Map<String, ObjectStore> shared) {
      this.spec = spec;
      this.context = context;
      this.objects = new HashMap<>();
      spec.inputs().forEach(t -> objects.put(t.groupResource(), shared.get(t.groupResource())));
      this.expectations = new ExpectationsStore(context.getStateStore(expectationsStoreName(spec.controller())));
      this.queue = context.getStateStore(queueStoreName(spec.controller()));
      this.notes = spec.failedReplies() ? context.getStateStore(notesStoreName(spec.controller())) : null;
    }

    void observe(Change change, ObjectNode previous, long now) {
      try {
        spec.reconciler().observe(change, previous, this, key -> enqueue(key, now));
      } catch (RuntimeException e) {
        // one malformed object must not stop the task (a replaced thread would meet it again, forever)
        log.warn("{}: observing {} {} failed", spec.controller(), change.resource(), change.key(), e);
      }
    }

    private void enqueue(String key, long due) {
      Long current = queue.get(key);
      if (current == null || current > due) {
        queue.put(key, due);
      }
      nextDue = Math.min(nextDue, due);
    }

    void drain(long now) {
      if (now < nextDue) {
        return;
      }
      List<String> due = new ArrayList<>();
      nextDue = Long.MAX_VALUE;
      try (KeyValueIterator<String, Long> it = queue.all()) {
        while (it.hasNext()) {
          KeyValue<String, Long> kv = it.next();
          if (kv.value <= now) {
            due.add(kv.key);
          } else {
            nextDue = Math.min(nextDue, kv.value);
          }
        }
      }
      sent.values().removeIf(v -> now - v.value >= REPEAT_AFTER_MS);
      for (String key : due) {
        queue.delete(key);
        Reconciler.Result result;
        try {
          result = spec.reconciler().reconcile(key, this, now);
        } catch (RuntimeException e) {
          log.warn("{}: reconciling {} failed; again in {} ms", spec.controller(), key, RETRY_AFTER_FAILURE_MS, e);
          enqueue(key, now + RETRY_AFTER_FAILURE_MS);
          continue;
        }
        for (Request r : result.requests()) {
          send(r, now);
        }
        if (result.requeueAfter() != null) {
          enqueue(key, now + Math.max(1, result.requeueAfter().toMillis()));
        }
      }
    }

    private void send(Request r, long now) {
      if (!r.getVerb().equals(ApiRequests.CREATE)) {
        String body = r.getVerb() + " " + r.getBody();
        KeyValue<String, Long> last = sent.get(r.getPath());
        if (last != null && last.key.equals(body)) {
          return;
        }
        sent.put(r.getPath(), KeyValue.pair(body, now));
      }
      String key = ApiRequests.key(r);
      context.forward(new Record<>(key, r, now));
    }

    @Override
    public ObjectStore objects(String resource) {
      ObjectStore s = objects.get(resource);
      if (s == null) {
        throw new IllegalArgumentException(spec.controller() + " has no input " + resource);
      }
      return s;
    }

    @Override
    public ExpectationsStore expectations() {
      return expectations;
    }

    @Override
    public KeyValueStore<String, ObjectNode> notes() {
      if (notes == null) {
        throw new IllegalStateException(spec.controller() + " was built without failed replies, so without notes");
      }
      return notes;
    }
  }
}
