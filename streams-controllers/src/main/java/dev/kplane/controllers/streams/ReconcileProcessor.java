package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
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
 * The shell that runs a {@link Reconciler}, as kube's informers + workqueue + worker: each input change is applied to
 * the controller's store of its type ({@code <controller>-<resource>}), the reconciler enqueues owner keys into the
 * queue store ({@code <controller>-queue}: key → due time), and a wall-clock punctuation reconciles the due keys,
 * forwarding their requests. Several changes to one owner between two punctuations cost one reconcile. Queue,
 * copies and expectations ({@code <controller>-expectations}) are changelogged RocksDB stores: a task that moves
 * to another instance resumes with the same pending work.
 *
 * <p>An update, patch or delete identical to one sent less than {@link #REPEAT_AFTER_MS} ago is not sent again: it
 * was based on an RV the store has not yet seen change, and would only conflict.
 */
public final class ReconcileProcessor implements ProcessorSupplier<String, Change, String, Request> {
  static final long REPEAT_AFTER_MS = 30_000;
  /** A reconcile that threw is tried again after this long (kube requeues with rate limiting). */
  static final long RETRY_AFTER_FAILURE_MS = 5_000;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReconcileProcessor.class);

  private final String controller;
  private final List<ResourceType> inputs;
  private final Reconciler reconciler;
  private final long intervalMs;
  private final boolean failedReplies;

  private ReconcileProcessor(String controller, List<ResourceType> inputs, Reconciler reconciler, long intervalMs,
      boolean failedReplies) {
    this.controller = controller;
    this.inputs = inputs;
    this.reconciler = reconciler;
    this.intervalMs = intervalMs;
    this.failedReplies = failedReplies;
  }

  /**
   * Builds a controller's sub-topology: its inputs repartitioned by namespace, merged into one reconciling
   * processor, its requests to the requests topic.
   */
  public static void build(StreamsBuilder builder, ControllerContext context, String controller,
      List<ResourceType> inputs, Reconciler reconciler) {
    build(builder, context, controller, inputs, reconciler, false);
  }

  /**
   * As {@link #build(StreamsBuilder, ControllerContext, String, List, Reconciler)}, and the failed replies to the
   * controller's {@link RequestIds#tag tagged} requests come to {@link Reconciler#observe} as changes of resource
   * {@link RequestIds#REPLIES}; the controller keeps what it learns in its notes store ({@link State#notes}).
   */
  public static void buildWithFailedReplies(StreamsBuilder builder, ControllerContext context, String controller,
      List<ResourceType> inputs, Reconciler reconciler) {
    build(builder, context, controller, inputs, reconciler, true);
  }

  private static void build(StreamsBuilder builder, ControllerContext context, String controller,
      List<ResourceType> inputs, Reconciler reconciler, boolean failedReplies) {
    KStream<String, Change> merged = null;
    for (ResourceType t : inputs) {
      KStream<String, Change> s = Sources.byNamespace(builder, context, controller, t);
      merged = merged == null ? s : merged.merge(s, Named.as(controller + "-merge-" + t.groupResource()));
    }
    if (failedReplies) {
      merged = merged.merge(Sources.failedReplies(builder, context, controller), Named.as(controller + "-merge-replies"));
    }
    ReconcileProcessor supplier = new ReconcileProcessor(controller, inputs, reconciler,
        context.reconcileInterval().toMillis(), failedReplies);
    RequestSink.to(merged.process(supplier, Named.as(controller + "-reconcile")), context, controller);
  }

  public static String storeName(String controller, ResourceType type) {
    return controller + "-" + type.groupResource();
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
    for (ResourceType t : inputs) {
      stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName(controller, t)),
          Serdes.String(), JsonSerdes.object()));
    }
    stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(expectationsStoreName(controller)),
        Serdes.String(), JsonSerdes.of(Expectations.class)));
    stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(queueStoreName(controller)),
        Serdes.String(), Serdes.Long()));
    if (failedReplies) {
      stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(notesStoreName(controller)),
          Serdes.String(), JsonSerdes.object()));
    }
    return stores;
  }

  @Override
  public Processor<String, Change, String, Request> get() {
    return new Reconcile();
  }

  private final class Reconcile implements Processor<String, Change, String, Request>, State {
    private ProcessorContext<String, Request> context;
    private final Map<String, ObjectStore> objects = new HashMap<>();
    private ExpectationsStore expectations;
    private KeyValueStore<String, Long> queue;
    private KeyValueStore<String, ObjectNode> notes;
    /** path → (body, sent at) of recent non-create requests. */
    private final Map<String, KeyValue<String, Long>> sent = new HashMap<>();
    /** The earliest due time in the queue (a hint that spares scanning an idle queue at every punctuation). */
    private long nextDue = Long.MIN_VALUE;

    @Override
    public void init(ProcessorContext<String, Request> context) {
      this.context = context;
      for (ResourceType t : inputs) {
        objects.put(t.groupResource(), new ObjectStore(context.getStateStore(storeName(controller, t))));
      }
      expectations = new ExpectationsStore(context.getStateStore(expectationsStoreName(controller)));
      queue = context.getStateStore(queueStoreName(controller));
      if (failedReplies) {
        notes = context.getStateStore(notesStoreName(controller));
      }
      context.schedule(java.time.Duration.ofMillis(intervalMs), PunctuationType.WALL_CLOCK_TIME, this::drain);
    }

    @Override
    public void process(Record<String, Change> record) {
      Change change = record.value();
      ObjectNode previous = change.resource().equals(RequestIds.REPLIES) ? null : objects(change.resource()).apply(change);
      long now = context.currentSystemTimeMs();
      try {
        reconciler.observe(change, previous, this, key -> enqueue(key, now));
      } catch (RuntimeException e) {
        // one malformed object must not stop the task (a replaced thread would meet it again, forever)
        log.warn("{}: observing {} {} failed", controller, change.resource(), change.key(), e);
      }
    }

    private void enqueue(String key, long due) {
      Long current = queue.get(key);
      if (current == null || current > due) {
        queue.put(key, due);
      }
      nextDue = Math.min(nextDue, due);
    }

    private void drain(long now) {
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
          result = reconciler.reconcile(key, this, now);
        } catch (RuntimeException e) {
          log.warn("{}: reconciling {} failed; again in {} ms", controller, key, RETRY_AFTER_FAILURE_MS, e);
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
        throw new IllegalArgumentException(controller + " has no input " + resource);
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
        throw new IllegalStateException(controller + " was built without failed replies, so without notes");
      }
      return notes;
    }
  }
}
