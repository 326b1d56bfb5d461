package dev.kplane.scheduler.topology;

import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.Node;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's view of nodes and the pods that use them (kube's internal cache): one {@link NodeInfo} per
 * node with the bound and the assumed pods. An assumed pod is one the scheduler has sent a binding for and not
 * yet seen bound: it counts on its node at once, so the next decisions see its resources, and is forgotten if
 * the binding fails. Pods bound to a node the scheduler has not seen wait until that node appears.
 */
final class ClusterCache {
  /** A pod counted on a node: bound (seen with spec.nodeName) or assumed. */
  record Placement(String node, PodInfo pod, Assumption assumption) {
    boolean assumed() {
      return assumption != null;
    }
  }

  /**
   * A binding in flight: its request, the pod version it was based on, when it was sent, and whether the API
   * answered that it was applied (then only the pod's bound event is awaited, however late it comes).
   */
  record Assumption(String requestId, long resourceVersion, long sentAt, boolean applied) {
    Assumption asApplied() {
      return new Assumption(requestId, resourceVersion, sentAt, true);
    }
  }

  private final Map<String, NodeInfo> nodes = new TreeMap<>();
  private final Map<String, Placement> placements = new HashMap<>();
  private final Map<String, Assumption> assumed = new LinkedHashMap<>();
  private Snapshot snapshot;

  // ---- nodes ----

  /** Adds or updates a node; returns true when it is new. */
  boolean putNode(Node node) {
    String name = node.getMetadata().getName();
    NodeInfo info = nodes.get(name);
    if (info != null) {
      info.setNode(node);
      return false;
    }
    info = new NodeInfo(node);
    nodes.put(name, info);
    for (Placement p : placements.values()) {
      if (p.node().equals(name)) {
        info.addPodInfo(p.pod());
      }
    }
    snapshot = null;
    return true;
  }

  void removeNode(String name) {
    if (nodes.remove(name) != null) {
      snapshot = null;
    }
  }

  // ---- pods ----

  /** A pod seen bound to a node (added, changed, or the confirmation of an assumption). */
  void putBound(String key, PodInfo pod) {
    forget(key);
    place(key, new Placement(pod.pod().getSpec().getNodeName(), pod, null));
  }

  /** A pod the scheduler sent a binding for: it counts on the node from now on. */
  void assume(String key, PodInfo pod, String node, Assumption assumption) {
    forget(key);
    place(key, new Placement(node, pod, assumption));
    assumed.put(key, assumption);
  }

  /** The pod is gone (deleted, finished) or its assumption failed: it no longer counts anywhere. */
  Placement forget(String key) {
    Placement old = placements.remove(key);
    if (old == null) {
      return null;
    }
    if (old.assumed()) {
      assumed.remove(key);
    }
    NodeInfo info = nodes.get(old.node());
    if (info != null) {
      info.removePodInfo(old.pod());
      if (old.pod().hasAffinity()) {
        snapshot = null;
      }
    }
    return old;
  }

  /** The API answered that the pod's binding was applied. */
  Assumption markApplied(String key) {
    Placement p = placements.get(key);
    if (p == null || !p.assumed()) {
      return null;
    }
    Assumption a = p.assumption().asApplied();
    placements.put(key, new Placement(p.node(), p.pod(), a));
    assumed.put(key, a);
    return a;
  }

  Placement placement(String key) {
    return placements.get(key);
  }

  /** The assumptions in the order they were made (oldest first), to expire unanswered ones. */
  Map<String, Assumption> assumed() {
    return assumed;
  }

  /**
   * The nodes for a scheduling cycle. It holds the live NodeInfos (the cycle runs on the same thread as
   * every change), so it is rebuilt only when the node set or the set of nodes with affinity pods changes.
   */
  Snapshot snapshot() {
    if (snapshot == null) {
      snapshot = Snapshot.of(nodes.values());
    }
    return snapshot;
  }

  int nodeCount() {
    return nodes.size();
  }

  private void place(String key, Placement p) {
    placements.put(key, p);
    NodeInfo info = nodes.get(p.node());
    if (info != null) {
      info.addPodInfo(p.pod());
      if (p.pod().hasAffinity()) {
        snapshot = null;
      }
    }
  }
}
