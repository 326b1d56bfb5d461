package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.scheduler.binding.SchedulerRequests;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.SchedulerCache;
import dev.kplane.scheduler.queue.SchedulingQueue;
import dev.kplane.scheduler.topology.InFlight.Assumption;
import dev.kplane.scheduler.topology.InFlight.Sent;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's requests and the API's replies to them, and the binding cycle around them: a pod bound is
 * assumed on its node (and holds no nominated node any more) until it is seen bound; a binding refused, lost or
 * overtaken by a newer version of the pod is forgotten and the pod retried. Assumptions are kept in their store
 * so a restarted scheduler neither binds a pod twice nor loses the resources it counted.
 */
final class Bindings {
  private static final Logger log = LoggerFactory.getLogger(Bindings.class);

  private final SchedulerCache cache;
  private final SchedulingQueue queue;
  private final KeyValueStore<String, String> store;
  private final Consumer<Request> forward;
  private final InFlight inFlight = new InFlight();
  private long nextExpiryCheck;

  Bindings(SchedulerCache cache, SchedulingQueue queue, KeyValueStore<String, String> store,
      Consumer<Request> forward) {
    this.cache = cache;
    this.queue = queue;
    this.store = store;
    this.forward = forward;
  }

  /** Sends a request about the pod; its reply is logged when it refuses, and settles the pod's binding. */
  void send(Request request, String podKey, String what, long now) {
    inFlight.sent(request.getRequestId(), new Sent(podKey, what, now));
    forward.accept(request);
  }

  /** Binds the pod to the node: the binding request with the pod's version as precondition, and the assumption. */
  void bind(String key, JsonNode json, PodInfo pod, String node, long now) {
    Request request = SchedulerRequests.binding(json, node);
    Assumption a = new Assumption(node, request.getRequestId(), ObjectFacts.resourceVersion(json), now, false);
    assume(key, pod, a);
    persist(key, a);
    send(request, key, "binding", now);
  }

  /** An assumption kept in the store, for a pod still pending: counted again, its binding awaited again. */
  void restore(String key, PodInfo pod, JsonNode stored) {
    Assumption a = new Assumption(stored.path("node").asText(), stored.path("requestId").asText(),
        stored.path("resourceVersion").asLong(), stored.path("sentAt").asLong(), stored.path("applied").asBoolean());
    queue.remove(key);
    assume(key, pod, a);
    inFlight.sent(a.requestId(), new Sent(key, "binding", a.sentAt()));
  }

  /** The pod's binding in flight, or null. */
  Assumption assumption(String key) {
    return inFlight.assumption(key);
  }

  /** The pod was seen bound or is gone: returns the assumption that ends here, or null. */
  Assumption end(String key) {
    Assumption a = inFlight.forget(key);
    if (a != null) {
      store.delete(key);
    }
    return a;
  }

  /** The binding will not happen (refused, lost, stale): the pod no longer counts there and is retried. */
  void forget(String key, long now, String why) {
    end(key);
    String node = cache.forgetPod(key);
    log.info("pod {}: assumption on node {} forgotten ({}); retrying", key, node == null ? "?" : node, why);
    queue.retry(key, now);
  }

  void onReply(Reply reply, long now) {
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
      forget(key, now, "binding refused");
    }
  }

  /** Gives up the bindings {@link InFlight#expired} says are lost, once a second. */
  void expire(long now) {
    if (now < nextExpiryCheck) {
      return;
    }
    nextExpiryCheck = now + 1000;
    inFlight.expired(now).forEach(key -> forget(key, now, "its binding was never answered"));
  }

  int inFlight() {
    return inFlight.bindings();
  }

  /** The pod counts on the binding's node and holds no nominated node any more (kube's assume). */
  private void assume(String key, PodInfo pod, Assumption a) {
    cache.unnominate(key);
    cache.assumePod(pod, a.node());
    inFlight.assume(key, a);
  }

  private void persist(String key, Assumption a) {
    ObjectNode stored = Json.MAPPER.createObjectNode().put("node", a.node()).put("requestId", a.requestId())
        .put("resourceVersion", a.resourceVersion()).put("sentAt", a.sentAt()).put("applied", a.applied());
    store.put(key, Json.write(stored));
  }
}
