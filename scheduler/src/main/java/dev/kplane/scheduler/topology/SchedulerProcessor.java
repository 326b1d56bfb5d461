package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.framework.ScheduleResult;
import dev.kplane.scheduler.framework.SchedulerCache;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.queue.SchedulingQueue;
import dev.kplane.scheduler.topology.InFlight.Assumption;
import dev.kplane.scheduler.topology.PendingPods.Pending;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ObjectEvents;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Request;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: keeps nodes, pods and their placements from the resource topics, queues the pending pods of
 * its profiles, and on a short wall-clock punctuation pops them one by one and schedules each: a binding
 * request for a node that fits (the pod is assumed there at once), or PodScheduled=False with kube's message,
 * an Event and, when preemption finds a node, its nomination and the deletion of the victims.
 *
 * <p>This class is the Kafka shell: it routes each record and runs the cycle. The pods waiting for a node are
 * {@link PendingPods}, the bindings in flight and the replies {@link Bindings}, what a pod that fits nowhere
 * causes (preemption, status, Events) {@link SchedulingFailure}, and the nodes with their pods the
 * {@link SchedulerCache}. The stores are the durable state; the in-memory cache and queue are rebuilt from them
 * in {@link #init} — from scratch each time: Streams calls {@code init} again on the same instance when it resumes a
 * suspended task: a second init must not keep the first one's cache, queue and punctuations (it doubled the
 * punctuations before).
 */
final class SchedulerProcessor implements Processor<String, byte[], String, Request> {
  private static final Logger log = LoggerFactory.getLogger(SchedulerProcessor.class);
  /** How often the queue is worked on. */
  static final Duration TICK = Duration.ofMillis(10);
  /** The longest one punctuation schedules, so polling and commits keep going under a long queue. */
  private static final long CYCLE_BUDGET_NANOS = Duration.ofMillis(200).toNanos();
  private static final Duration STATS_INTERVAL = Duration.ofSeconds(5);

  private final Topics topics;
  private final Profiles profiles;
  private SchedulerCache cache;
  private SchedulingQueue queue;
  private final Map<String, PodDisruptionBudget> pdbs = new HashMap<>();
  private final SchedulerStats stats = new SchedulerStats();
  private final List<Cancellable> punctuations = new ArrayList<>();
  private ProcessorContext<String, Request> context;
  private PendingPods pending;
  private Bindings bindings;
  private KeyValueStore<String, String> nodeStore;
  private KeyValueStore<String, String> allocationStore;
  private KeyValueStore<String, String> pdbStore;

  SchedulerProcessor(Topics topics, Profiles profiles) {
    this.topics = topics;
    this.profiles = profiles;
  }

  @Override
  public void init(ProcessorContext<String, Request> context) {
    close();
    this.context = context;
    cache = new SchedulerCache();
    queue = new SchedulingQueue(profiles.backoff());
    if (context.taskId().partition() != 0) {
      // the tasks of replies partitions 1..n: no resource topic, nothing to schedule, no reply of ours
      return;
    }
    nodeStore = context.getStateStore(SchedulerTopology.NODES_STORE);
    allocationStore = context.getStateStore(SchedulerTopology.ALLOCATIONS_STORE);
    pending = new PendingPods(queue, cache, context.getStateStore(SchedulerTopology.PENDING_STORE));
    bindings = new Bindings(cache, queue, context.getStateStore(SchedulerTopology.ASSUMED_STORE), request ->
        context.forward(new Record<>(ApiRequests.key(request), request, context.currentSystemTimeMs())));
    pdbStore = context.getStateStore(SchedulerTopology.PDBS_STORE);
    restore();
    punctuations.add(context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::work));
    punctuations.add(context.schedule(STATS_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> {
      if (!stats.idle()) {
        log.info(stats.drain(queue.activeSize(), queue.backoffSize(), queue.unschedulableSize(),
            bindings.inFlight()));
      }
    }));
  }

  /** Streams closes the processors of a task it suspends (and may init them again): stop the punctuations. */
  @Override
  public void close() {
    punctuations.forEach(Cancellable::cancel);
    punctuations.clear();
    pdbs.clear();
  }

  /** Rebuilds the cache and the queue from the stores (a restart, or the task moving here). */
  private void restore() {
    long now = context.currentSystemTimeMs();
    forEach(pdbStore, (k, v) -> pdbs.put(k, typed(Json.parse(v), PodDisruptionBudget.class)));
    forEach(nodeStore, (k, v) -> cache.upsertNode(typed(Json.parse(v), Node.class)));
    forEach(allocationStore, (k, v) -> cache.addPod(podInfo((ObjectNode) Json.parse(v))));
    forEach(context.getStateStore(SchedulerTopology.PENDING_STORE), (k, v) -> {
      ObjectNode json = (ObjectNode) Json.parse(v);
      pending.put(k, new Pending(json, podInfo(json), profiles.get(ObjectFacts.schedulerName(json))), now, true);
    });
    KeyValueStore<String, String> assumed = context.getStateStore(SchedulerTopology.ASSUMED_STORE);
    forEach(assumed, (k, v) -> {
      Pending p = pending.get(k);
      if (p == null) {
        assumed.delete(k);
      } else {
        bindings.restore(k, p.info(), Json.parse(v));
      }
    });
    log.info("scheduler state: {} nodes, {} pending pods ({} bindings in flight), profiles {}", cache.nodeCount(),
        pending.size(), bindings.inFlight(), profiles.byName().keySet());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (nodeStore == null) {
      return;
    }
    long t0 = System.nanoTime();
    dispatch(record);
    stats.processed(System.nanoTime() - t0);
  }

  private void dispatch(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    String topic = meta.topic();
    if (topic.equals(topics.replies())) {
      if (record.value() != null) {
        bindings.onReply(Records.reply(record.value()), context.currentSystemTimeMs());
      }
      return;
    }
    ObjectEvent event = record.value() == null ? null : Records.objectEvent(record.value());
    ObjectNode obj = event != null ? ObjectEvents.object(event, meta.offset())
        : ObjectEvents.deleted(record.headers(), meta.offset());
    boolean deleted = record.value() == null;
    if (topic.equals(SchedulerTopology.podsTopic(topics))) {
      if (event != null && event.getType() == EventType.ADDED) {
        stats.inputLag(context.currentSystemTimeMs() - event.getTime().toEpochMilli());
      }
      onPod(record.key(), obj, deleted);
    } else if (topic.equals(SchedulerTopology.nodesTopic(topics))) {
      onNode(record.key(), obj, deleted);
    } else if (topic.equals(SchedulerTopology.pdbsTopic(topics))) {
      onPdb(record.key(), obj, deleted);
    }
  }

  // ---- inputs ----

  private void onPod(String key, ObjectNode pod, boolean deleted) {
    long now = context.currentSystemTimeMs();
    if (deleted || pod == null || ObjectFacts.terminal(pod)) {
      pending.drop(key);
      if (forgetPlacement(key) != null) {
        queue.moveAllUnschedulable(now); // resources were freed
      }
      return;
    }
    if (!ObjectFacts.nodeName(pod).isEmpty()) {
      pending.drop(key);
      boolean known = cache.nodeOf(key) != null && !cache.isAssumed(key);
      Assumption confirmed = bindings.end(key);
      if (confirmed != null) {
        stats.bound(now - confirmed.sentAt());
      }
      cache.addPod(podInfo(pod));
      allocationStore.put(key, Json.write(pod));
      if (!known) {
        log.debug("pod {} is bound to {}", key, ObjectFacts.nodeName(pod));
      }
      // AssignedPodAdd/Update: a pod on a node may satisfy pods waiting for affinity or a spread
      queue.moveUnschedulable(now, pending::dependsOnOtherPods);
      return;
    }
    Assumption placed = bindings.assumption(key);
    if (placed != null) {
      if (ObjectFacts.resourceVersion(pod) <= placed.resourceVersion()) {
        return;
      }
      // a newer version than the binding's precondition: that binding will be rejected
      bindings.forget(key, now, "pod changed while its binding was in flight");
    }
    Profile profile = profiles.get(ObjectFacts.schedulerName(pod));
    if (profile == null || ObjectFacts.beingDeleted(pod)) {
      pending.drop(key);
      return;
    }
    Pending p = new Pending(pod, podInfo(pod), profile);
    if (!profile.preEnqueue(p.info().pod()).isSuccess()) {
      pending.drop(key); // scheduling gates: the pod enters the queue when an update removes them
      return;
    }
    pending.put(key, p, now, false);
  }

  private void onNode(String name, ObjectNode node, boolean deleted) {
    if (deleted || node == null) {
      cache.removeNode(name);
      nodeStore.delete(name);
      log.info("node {} removed", name);
      return;
    }
    String before = nodeStore.get(name);
    cache.upsertNode(typed(node, Node.class));
    nodeStore.put(name, Json.write(node));
    if (ObjectFacts.nodeSchedulingChanged(before == null ? null : Json.parse(before), node)) {
      if (before == null) {
        log.debug("node {} added", name);
      }
      queue.moveAllUnschedulable(context.currentSystemTimeMs());
    }
  }

  private void onPdb(String key, ObjectNode pdb, boolean deleted) {
    if (deleted || pdb == null) {
      pdbs.remove(key);
      pdbStore.delete(key);
      return;
    }
    pdbs.put(key, typed(pdb, PodDisruptionBudget.class));
    pdbStore.put(key, Json.write(pdb));
  }

  // ---- scheduling ----

  /** The punctuation: expire what timed out, move pods whose back-off ended, then schedule the active queue. */
  private void work(long timestamp) {
    long t0 = System.nanoTime();
    schedulePending();
    stats.worked(System.nanoTime() - t0);
  }

  private void schedulePending() {
    long now = context.currentSystemTimeMs();
    bindings.expire(now);
    queue.tick(now);
    long end = System.nanoTime() + CYCLE_BUDGET_NANOS;
    String key;
    while (System.nanoTime() < end && (key = queue.pop()) != null) {
      scheduleOne(key, now);
    }
  }

  private void scheduleOne(String key, long now) {
    Pending p = pending.get(key);
    if (p == null) {
      queue.remove(key);
      return;
    }
    Snapshot snapshot = cache.snapshot();
    ScheduleResult result;
    long t0 = System.nanoTime();
    try {
      result = p.profile().schedule(p.info(), snapshot);
      stats.scheduled(System.nanoTime() - t0, result instanceof ScheduleResult.Success);
    } catch (RuntimeException e) {
      log.error("scheduling pod {} failed", key, e);
      queue.retry(key, now);
      return;
    }
    if (result instanceof ScheduleResult.Success s) {
      bindings.bind(key, p.json(), p.info(), s.suggestedHost(), now);
      log.debug("pod {} -> node {}", key, s.suggestedHost());
    } else {
      unschedulable(key, p, (ScheduleResult.FitError) result, snapshot, now);
    }
  }

  private void unschedulable(String key, Pending p, ScheduleResult.FitError fit, Snapshot snapshot, long now) {
    SchedulingFailure.Outcome o;
    try {
      o = SchedulingFailure.handle(p.json(), p.info(), p.profile(), fit, snapshot, List.copyOf(pdbs.values()),
          Instant.ofEpochMilli(now));
    } catch (RuntimeException e) {
      log.error("handling the failure of pod {} failed", key, e);
      queue.retry(key, now);
      return;
    }
    if (o.nominatedNode() != null) {
      // the node is held for the pod from now on, not only once its status says so (kube's AddNominatedPod)
      cache.nominate(p.info(), o.nominatedNode());
      log.info("pod {} preempts {} pod(s) on node {}", key, o.victims(), o.nominatedNode());
    }
    log.info("pod {} is unschedulable: {}", key, o.message());
    queue.unschedulable(key, now);
    o.requests().forEach(r -> bindings.send(r.request(), key, r.what(), now));
  }

  /** The pod's placement is gone (deleted, finished); returns the node it was on, or null. */
  private String forgetPlacement(String key) {
    boolean assumed = bindings.end(key) != null;
    String node = cache.forgetPod(key);
    if (node != null && !assumed) {
      allocationStore.delete(key);
    }
    return node;
  }

  // ---- decoding ----

  /** The pod as the framework sees it (its spec.priority set by the API server's Priority admission). */
  private static PodInfo podInfo(ObjectNode json) {
    return new PodInfo(typed(json, Pod.class));
  }

  /** fabric8's model from the tree (the shared mapper's trailing-token check trips on tree input: not here). */
  private static <T> T typed(JsonNode json, Class<T> type) {
    try {
      return Json.MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void forEach(KeyValueStore<String, String> store, java.util.function.BiConsumer<String, String> f) {
    List<KeyValue<String, String>> all = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    all.forEach(kv -> f.accept(kv.key, kv.value));
  }
}
