package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.framework.SchedulerCache;
import dev.kplane.scheduler.queue.SchedulingQueue;
import dev.kplane.schemas.Json;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pods waiting for a node: the latest version of each with its profile, in the scheduling queue and in
 * their store; the node a pod's earlier preemption nominated is reported to the cache, which holds it for the pod.
 */
final class PendingPods {
  /** A pending pod: its JSON (for requests), its parsed form and the profile that schedules it. */
  record Pending(ObjectNode json, PodInfo info, Profile profile) {}

  private final Map<String, Pending> pending = new HashMap<>();
  private final SchedulingQueue queue;
  private final SchedulerCache cache;
  private final KeyValueStore<String, String> store;

  PendingPods(SchedulingQueue queue, SchedulerCache cache, KeyValueStore<String, String> store) {
    this.queue = queue;
    this.cache = cache;
    this.store = store;
  }

  /**
   * A new pending pod or a newer version of one: it is queued, moving out of the unschedulable pods when its
   * spec changed (kube's isPodUpdated), and it holds its nominated node. restored: read back from the store.
   */
  void put(String key, Pending p, long now, boolean restored) {
    Pending before = pending.put(key, p);
    if (!restored) {
      store.put(key, Json.write(p.json()));
    }
    cache.nominate(p.info(), ObjectFacts.nominatedNodeName(p.json()));
    boolean changed = !restored && (before == null || ObjectFacts.podSpecChanged(before.json(), p.json()));
    queue.addOrUpdate(key, p.info().priority(), ObjectFacts.creationMillis(p.json()), changed, now);
  }

  /** The pod no longer waits (bound, deleted, another scheduler's, gated). */
  void drop(String key) {
    if (pending.remove(key) != null) {
      store.delete(key);
    }
    cache.unnominate(key);
    queue.remove(key);
  }

  Pending get(String key) {
    return pending.get(key);
  }

  /** Whether where other pods run decides if this one fits (affinity, spread): a placement may help it. */
  boolean dependsOnOtherPods(String key) {
    Pending p = pending.get(key);
    return p != null && ObjectFacts.dependsOnOtherPods(p.json());
  }

  int size() {
    return pending.size();
  }
}
