package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.scheduler.binding.SchedulerRequests;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.framework.ScheduleResult;
import dev.kplane.scheduler.framework.SchedulerCache;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.queue.SchedulingQueue;
import dev.kplane.scheduler.topology.InFlight.Assumption;
import dev.kplane.scheduler.topology.InFlight.Sent;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ObjectEvents;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Reply;
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
 * <p>The stores are the durable state; the in-memory cache and queue are rebuilt from them in {@link #init}.
 */
final class SchedulerProcessor implements Processor<String, byte[], String, Request> {
  private static final Logger log = LoggerFactory.getLogger(SchedulerProcessor.class);
  /** How often the queue is worked on. */
  static final Duration TICK = Duration.ofMillis(10);
  /** The longest one punctuation schedules, so polling and commits keep going under a long queue. */
  private static final long CYCLE_BUDGET_NANOS = Duration.ofMillis(200).toNanos();
  private static final Duration STATS_INTERVAL = Duration.ofSeconds(5);

  private record Pending(ObjectNode json, PodInfo info, Profile profile) {}

  private final Topics topics;
  private final Profiles profiles;
  private final SchedulerCache cache = new SchedulerCache();
  private final InFlight inFlight = new InFlight();
  private final SchedulingQueue queue;
  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<String, PodDisruptionBudget> pdbs = new HashMap<>();
  private ProcessorContext<String, Request> context;
  private KeyValueStore<String, String> nodeStore;
  private KeyValueStore<String, String> allocationStore;
  private KeyValueStore<String, String> pendingStore;
  private KeyValueStore<String, String> assumedStore;
  private KeyValueStore<String, String> pdbStore;
  private final SchedulerStats stats = new SchedulerStats();
  private long nextExpiryCheck;

  SchedulerProcessor(Topics topics, Profiles profiles) {
    this.topics = topics;
    this.profiles = profiles;
    this.queue = new SchedulingQueue(profiles.backoff());
  }

  @Override
  public void init(ProcessorContext<String, Request> context) {
    this.context = context;
    if (context.taskId().partition() != 0) {
      // the tasks of replies partitions 1..n: no resource topic, nothing to schedule, no reply of ours
      return;
    }
    nodeStore = context.getStateStore(SchedulerTopology.NODES_STORE);
    allocationStore = context.getStateStore(SchedulerTopology.ALLOCATIONS_STORE);
    pendingStore = context.getStateStore(SchedulerTopology.PENDING_STORE);
    assumedStore = context.getStateStore(SchedulerTopology.ASSUMED_STORE);
    pdbStore = context.getStateStore(SchedulerTopology.PDBS_STORE);
    restore();
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::work);
    context.schedule(STATS_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> {
      if (!stats.idle()) {
        log.info(stats.drain(queue.activeSize(), queue.backoffSize(), queue.unschedulableSize(),
            inFlight.bindings()));
      }
    });
  }

  /** Rebuilds the cache and the queue from the stores (a restart, or the task moving here). */
  private void restore() {
    long now = context.currentSystemTimeMs();
    forEach(pdbStore, (k, v) -> pdbs.put(k, typed(Json.parse(v), PodDisruptionBudget.class)));
    forEach(nodeStore, (k, v) -> cache.upsertNode(typed(Json.parse(v), Node.class)));
    forEach(allocationStore, (k, v) -> cache.addPod(podInfo((ObjectNode) Json.parse(v))));
    forEach(pendingStore, (k, v) -> {
      ObjectNode json = (ObjectNode) Json.parse(v);
      Pending p = new Pending(json, podInfo(json), profiles.get(ObjectFacts.schedulerName(json)));
      pending.put(k, p);
      cache.nominate(p.info(), ObjectFacts.nominatedNodeName(json));
      queue.addOrUpdate(k, p.info().priority(), ObjectFacts.creationMillis(json), false, now);
    });
    forEach(assumedStore, (k, v) -> {
      JsonNode a = Json.parse(v);
      Pending p = pending.get(k);
      if (p == null) {
        assumedStore.delete(k);
        return;
      }
      queue.remove(k);
      Assumption assumption = new Assumption(a.path("node").asText(), a.path("requestId").asText(),
          a.path("resourceVersion").asLong(), a.path("sentAt").asLong(), a.path("applied").asBoolean());
      assume(k, p, assumption);
      inFlight.sent(assumption.requestId(), new Sent(k, "binding", assumption.sentAt()));
    });
    log.info("scheduler state: {} nodes, {} pending pods ({} bindings in flight), profiles {}", cache.nodeCount(),
        pending.size(), inFlight.bindings(), profiles.byName().keySet());
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
        onReply(Records.reply(record.value()));
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
      dropPending(key);
      if (forgetPlacement(key) != null) {
        queue.moveAllUnschedulable(now); // resources were freed
      }
      return;
    }
    if (!ObjectFacts.nodeName(pod).isEmpty()) {
      dropPending(key);
      boolean known = cache.nodeOf(key) != null && !cache.isAssumed(key);
      Assumption confirmed = inFlight.forget(key);
      if (confirmed != null) {
        assumedStore.delete(key);
        stats.bound(now - confirmed.sentAt());
      }
      cache.addPod(podInfo(pod));
      allocationStore.put(key, Json.write(pod));
      if (!known) {
        log.debug("pod {} is bound to {}", key, ObjectFacts.nodeName(pod));
      }
      // AssignedPodAdd/Update: a pod on a node may satisfy pods waiting for affinity or a spread
      queue.moveUnschedulable(now, k -> pending.containsKey(k) && ObjectFacts.dependsOnOtherPods(pending.get(k).json()));
      return;
    }
    Assumption placed = inFlight.assumption(key);
    if (placed != null) {
      if (ObjectFacts.resourceVersion(pod) <= placed.resourceVersion()) {
        return;
      }
      // a newer version than the binding's precondition: that binding will be rejected
      forgetAssumption(key, now, "pod changed while its binding was in flight");
    }
    Profile profile = profiles.get(ObjectFacts.schedulerName(pod));
    if (profile == null || ObjectFacts.beingDeleted(pod)) {
      dropPending(key);
      return;
    }
    Pending p = new Pending(pod, podInfo(pod), profile);
    if (!profile.preEnqueue(p.info().pod()).isSuccess()) {
      dropPending(key); // scheduling gates: the pod enters the queue when an update removes them
      return;
    }
    Pending before = pending.put(key, p);
    pendingStore.put(key, Json.write(pod));
    cache.nominate(p.info(), ObjectFacts.nominatedNodeName(pod));
    queue.addOrUpdate(key, p.info().priority(), ObjectFacts.creationMillis(pod),
        before == null || ObjectFacts.podSpecChanged(before.json(), pod), now);
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

  private void onReply(Reply reply) {
    Sent what = inFlight.answered(reply.getRequestId());
    if (what == null) {
      return;
    }
    String key = what.podKey();
    boolean ourBinding = what.what().equals("binding") && inFlight.isCurrentBinding(key, reply.getRequestId());
    if (reply.getCode() < 300) {
      if (ourBinding) {
        persist(key, inFlight.applied(key));
      }
      return;
    }
    log.info("{} of pod {} was refused ({}): {}", what.what(), key, reply.getCode(), reply.getBody());
    if (ourBinding) {
      forgetAssumption(key, context.currentSystemTimeMs(), "binding refused");
    }
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
    expireAssumptions(now);
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
      bind(key, p, s.suggestedHost(), now);
    } else {
      unschedulable(key, p, (ScheduleResult.FitError) result, snapshot, now);
    }
  }

  private void bind(String key, Pending p, String node, long now) {
    Request request = SchedulerRequests.binding(p.json(), node);
    Assumption a = new Assumption(node, request.getRequestId(), ObjectFacts.resourceVersion(p.json()), now, false);
    assume(key, p, a);
    persist(key, a);
    send(request, key, "binding", now);
    log.debug("pod {} -> node {}", key, node);
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
    o.requests().forEach(r -> send(r.request(), key, r.what(), now));
  }

  /** The pod counts on the binding's node and holds no nominated node any more (kube's assume). */
  private void assume(String key, Pending p, Assumption a) {
    cache.unnominate(key);
    cache.assumePod(p.info(), a.node());
    inFlight.assume(key, a);
  }

  private void persist(String key, Assumption a) {
    ObjectNode stored = Json.MAPPER.createObjectNode().put("node", a.node()).put("requestId", a.requestId())
        .put("resourceVersion", a.resourceVersion()).put("sentAt", a.sentAt()).put("applied", a.applied());
    assumedStore.put(key, Json.write(stored));
  }

  /** Gives up the bindings {@link InFlight#expired} says are lost, once a second. */
  private void expireAssumptions(long now) {
    if (now < nextExpiryCheck) {
      return;
    }
    nextExpiryCheck = now + 1000;
    inFlight.expired(now).forEach(key -> forgetAssumption(key, now, "its binding was never answered"));
  }

  // ---- state changes ----

  private void forgetAssumption(String key, long now, String why) {
    inFlight.forget(key);
    String node = cache.forgetPod(key);
    assumedStore.delete(key);
    log.info("pod {}: assumption on node {} forgotten ({}); retrying", key, node == null ? "?" : node, why);
    queue.retry(key, now);
  }

  /** The pod's placement is gone (deleted, finished); returns the node it was on, or null. */
  private String forgetPlacement(String key) {
    boolean assumed = inFlight.forget(key) != null;
    String node = cache.forgetPod(key);
    if (node != null) {
      if (assumed) {
        assumedStore.delete(key);
      } else {
        allocationStore.delete(key);
      }
    }
    return node;
  }

  private void dropPending(String key) {
    if (pending.remove(key) != null) {
      pendingStore.delete(key);
    }
    cache.unnominate(key);
    queue.remove(key);
  }

  private void send(Request request, String podKey, String what, long now) {
    inFlight.sent(request.getRequestId(), new Sent(podKey, what, now));
    context.forward(new Record<String, Request>(ApiRequests.key(request), request, now));
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
