package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's view of the cluster ({@code internal/cache}): one NodeInfo per node, kept up to date as
 * nodes and assigned pods come and go, and a {@link Snapshot} per cycle that costs nothing unless nodes
 * were added or removed or pods with affinity moved. Pods bound to a node not seen yet wait for it.
 * Not thread-safe: feed it and schedule from one thread.
 */
public final class SchedulerCache {
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    /** pod key to the node it is counted on. */
    private final Map<String, String> podNodes = new HashMap<>();
    /** Pods bound to nodes that do not exist (yet), by node name. */
    private final Map<String, Map<String, Pod>> waiting = new HashMap<>();
    private final Map<String, List<PodInfo>> nominated = new HashMap<>();
    private Snapshot snapshot;

    /** Adds or replaces a node; its pods stay. */
    public void upsertNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo existing = nodes.get(name);
        if (existing != null) {
            existing.setNode(node);
            // labels may have changed, and with them the topology domains affinity lists depend on
            snapshot = null;
            return;
        }
        NodeInfo info = new NodeInfo(node);
        nodes.put(name, info);
        Map<String, Pod> pods = waiting.remove(name);
        if (pods != null) {
            pods.values().forEach(info::addPod);
        }
        snapshot = null;
    }

    /** Removes a node; its pods wait for a node of that name to come back. */
    public void removeNode(String name) {
        NodeInfo info = nodes.remove(name);
        if (info != null) {
            Map<String, Pod> pods = waiting.computeIfAbsent(name, k -> new LinkedHashMap<>());
            info.pods().forEach(p -> pods.put(p.key(), p.pod()));
            snapshot = null;
        }
    }

    /**
     * Counts a pod on spec.nodeName (an assigned pod, or one the scheduler just bound); replaces an earlier
     * version of the same pod wherever it was. A pod without a node, or a finished one, is only removed.
     */
    public void upsertPod(Pod pod) {
        removePod(pod);
        String node = pod.getSpec().getNodeName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        String key = PodInfo.key(pod);
        podNodes.put(key, node);
        NodeInfo info = nodes.get(node);
        if (info == null) {
            waiting.computeIfAbsent(node, k -> new LinkedHashMap<>()).put(key, pod);
            return;
        }
        PodInfo added = info.addPod(pod);
        if (added.hasAffinity() || added.hasRequiredAntiAffinity()) {
            snapshot = null;
        }
    }

    /** Stops counting the pod (deleted, finished or moved). */
    public void removePod(Pod pod) {
        String key = PodInfo.key(pod);
        String node = podNodes.remove(key);
        if (node == null) {
            return;
        }
        NodeInfo info = nodes.get(node);
        if (info == null) {
            Map<String, Pod> pods = waiting.get(node);
            if (pods != null) {
                pods.remove(key);
            }
            return;
        }
        for (PodInfo p : info.pods()) {
            if (p.key().equals(key)) {
                info.removePodInfo(p);
                if (p.hasAffinity() || p.hasRequiredAntiAffinity()) {
                    snapshot = null;
                }
                return;
            }
        }
    }

    /** Records that preemption nominated this pod to a node (null node clears it). */
    public void nominate(Pod pod, String node) {
        String key = PodInfo.key(pod);
        nominated.values().forEach(l -> l.removeIf(p -> p.key().equals(key)));
        nominated.values().removeIf(List::isEmpty);
        if (node != null && !node.isEmpty()) {
            nominated.computeIfAbsent(node, k -> new ArrayList<>()).add(new PodInfo(pod));
        }
        snapshot = null;
    }

    public NodeInfo node(String name) {
        return nodes.get(name);
    }

    /** The snapshot for the next cycle: the live NodeInfos, so schedule from the thread that feeds the cache. */
    public Snapshot snapshot() {
        if (snapshot == null) {
            Map<String, List<PodInfo>> nominatedCopy = new HashMap<>();
            nominated.forEach((k, v) -> nominatedCopy.put(k, List.copyOf(v)));
            snapshot = Snapshot.of(nodes.values()).withNominatedPods(nominatedCopy);
        }
        return snapshot;
    }
}
