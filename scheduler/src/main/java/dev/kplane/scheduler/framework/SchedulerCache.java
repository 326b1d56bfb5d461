package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The runtime's view of the cluster ({@code internal/cache} and the nominator): one NodeInfo per node with
 * its bound and assumed pods, the pods preemption nominated to nodes, and a {@link Snapshot} per cycle that
 * costs nothing unless nodes were added or removed or pods with affinity moved. An assumed pod is one the
 * scheduler sent a binding for and has not seen bound: it counts on its node at once, so the next decisions
 * see its resources, until it is seen bound or forgotten. Pods on a node not seen yet wait for it.
 * Not thread-safe: feed it and schedule from one thread.
 */
public final class SchedulerCache {
    /** A pod counted on a node: seen bound there, or assumed. */
    private record Placement(String node, PodInfo pod, boolean assumed) {
    }

    private final Map<String, NodeInfo> nodes = new TreeMap<>();
    private final Map<String, Placement> placements = new HashMap<>();
    /** Keys of the pods placed on nodes that do not exist (yet), by node name. */
    private final Map<String, Set<String>> waiting = new HashMap<>();
    /** Pod key to its nomination, and the nominations by node as the snapshot hands them to the filters. */
    private final Map<String, String> nominatedNodes = new HashMap<>();
    private final Map<String, List<PodInfo>> nominated = new HashMap<>();
    /** The snapshot of the node set, and that with the nominations: rebuilt separately, the first is the costly one. */
    private Snapshot nodesSnapshot;
    private Snapshot snapshot;

    /** Adds or replaces a node, its pods stay; returns whether it is new. */
    public boolean upsertNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo existing = nodes.get(name);
        if (existing != null) {
            // the snapshot holds this very NodeInfo and reads labels, taints and allocatable from it live:
            // a node's heartbeats must not cost a rebuild
            existing.setNode(node);
            return false;
        }
        NodeInfo info = new NodeInfo(node);
        nodes.put(name, info);
        Set<String> keys = waiting.remove(name);
        if (keys != null) {
            keys.forEach(k -> info.addPodInfo(placements.get(k).pod()));
        }
        invalidate();
        return true;
    }

    /** Removes a node; its pods wait for a node of that name to come back. */
    public void removeNode(String name) {
        NodeInfo info = nodes.remove(name);
        if (info != null) {
            Set<String> keys = waiting.computeIfAbsent(name, k -> new LinkedHashSet<>());
            info.pods().forEach(p -> keys.add(p.key()));
            invalidate();
        }
    }

    /**
     * A pod seen with spec.nodeName (added, changed, or the confirmation of an assumption): it counts there,
     * replacing any earlier version or assumption. A pod without a node, or a finished one, is only forgotten.
     */
    public void addPod(PodInfo pod) {
        forgetPod(pod.key());
        String node = pod.pod().getSpec().getNodeName();
        if (node == null || node.isEmpty() || finished(pod.pod())) {
            return;
        }
        place(new Placement(node, pod, false));
    }

    /** AssumePod: the scheduler sent a binding of the pod to the node; it counts there from now on. */
    public void assumePod(PodInfo pod, String node) {
        forgetPod(pod.key());
        place(new Placement(node, pod, true));
    }

    /** The pod no longer counts anywhere (deleted, finished, or its assumption failed); returns its node or null. */
    public String forgetPod(String key) {
        Placement old = placements.remove(key);
        if (old == null) {
            return null;
        }
        NodeInfo info = nodes.get(old.node());
        if (info == null) {
            Set<String> keys = waiting.get(old.node());
            if (keys != null && keys.remove(key) && keys.isEmpty()) {
                waiting.remove(old.node());
            }
        } else {
            info.removePodInfo(old.pod());
            if (old.pod().hasAffinity()) {
                invalidate();
            }
        }
        return old.node();
    }

    /** The node the pod counts on, or null. */
    public String nodeOf(String key) {
        Placement p = placements.get(key);
        return p == null ? null : p.node();
    }

    public boolean isAssumed(String key) {
        Placement p = placements.get(key);
        return p != null && p.assumed();
    }

    /**
     * Records that the pod is nominated to the node (its status.nominatedNodeName, or preemption's choice before
     * that status is written); null or empty clears it.
     */
    public void nominate(PodInfo pod, String node) {
        unnominate(pod.key());
        if (node == null || node.isEmpty()) {
            return;
        }
        nominatedNodes.put(pod.key(), node);
        nominated.computeIfAbsent(node, k -> new ArrayList<>()).add(pod);
        snapshot = null;
    }

    /** The pod holds no node any more (bound, assumed elsewhere, deleted); returns whether it did. */
    public boolean unnominate(String key) {
        String before = nominatedNodes.remove(key);
        if (before == null) {
            return false;
        }
        List<PodInfo> l = nominated.get(before);
        l.removeIf(p -> p.key().equals(key));
        if (l.isEmpty()) {
            nominated.remove(before);
        }
        snapshot = null;
        return true;
    }

    public NodeInfo node(String name) {
        return nodes.get(name);
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** The snapshot for the next cycle: the live NodeInfos, so schedule from the thread that feeds the cache. */
    public Snapshot snapshot() {
        if (nodesSnapshot == null) {
            nodesSnapshot = Snapshot.of(nodes.values());
            snapshot = null;
        }
        if (snapshot == null) {
            Map<String, List<PodInfo>> copy = new HashMap<>();
            nominated.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            snapshot = copy.isEmpty() ? nodesSnapshot : nodesSnapshot.withNominatedPods(copy);
        }
        return snapshot;
    }

    private void place(Placement p) {
        placements.put(p.pod().key(), p);
        NodeInfo info = nodes.get(p.node());
        if (info == null) {
            waiting.computeIfAbsent(p.node(), k -> new LinkedHashSet<>()).add(p.pod().key());
            return;
        }
        info.addPodInfo(p.pod());
        if (p.pod().hasAffinity()) {
            invalidate();
        }
    }

    private void invalidate() {
        nodesSnapshot = null;
        snapshot = null;
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
