package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nodes one scheduling cycle sees ({@code cache.Snapshot}): all of them in a fixed order, by name,
 * and the subsets that carry pods with (anti-)affinity, which InterPodAffinity walks instead of every
 * node. It holds the runtime's NodeInfos themselves (no copy): build it, schedule, then mutate again.
 * The {@code with...} methods add what kube-scheduler reads from other informers.
 */
public final class Snapshot {
    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byName;
    private final List<NodeInfo> havePodsWithAffinity;
    private final List<NodeInfo> havePodsWithRequiredAntiAffinity;
    private final Function<String, Map<String, String>> namespaceLabels;
    private final Function<Pod, Selector> defaultSelector;
    private final Map<String, List<PodInfo>> nominatedPods;

    private Snapshot(List<NodeInfo> nodes) {
        this.nodes = nodes;
        this.byName = new HashMap<>(nodes.size() * 2);
        List<NodeInfo> affinity = new ArrayList<>();
        List<NodeInfo> antiAffinity = new ArrayList<>();
        for (NodeInfo n : nodes) {
            byName.put(n.name(), n);
            if (!n.podsWithAffinity().isEmpty()) {
                affinity.add(n);
            }
            if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
                antiAffinity.add(n);
            }
        }
        this.havePodsWithAffinity = affinity;
        this.havePodsWithRequiredAntiAffinity = antiAffinity;
        this.namespaceLabels = ns -> Map.of();
        this.defaultSelector = p -> Selector.NOTHING;
        this.nominatedPods = Map.of();
    }

    private Snapshot(Snapshot s, Function<String, Map<String, String>> namespaceLabels, Function<Pod, Selector> defaultSelector,
                     Map<String, List<PodInfo>> nominatedPods) {
        this.nodes = s.nodes;
        this.byName = s.byName;
        this.havePodsWithAffinity = s.havePodsWithAffinity;
        this.havePodsWithRequiredAntiAffinity = s.havePodsWithRequiredAntiAffinity;
        this.namespaceLabels = namespaceLabels;
        this.defaultSelector = defaultSelector;
        this.nominatedPods = nominatedPods;
    }

    public static Snapshot of(Collection<NodeInfo> nodes) {
        return new Snapshot(List.copyOf(nodes));
    }

    /** A snapshot that also knows namespaces' labels (see {@link #withNamespaceLabels}). */
    public static Snapshot of(Collection<NodeInfo> nodes, Function<String, Map<String, String>> namespaceLabels) {
        return of(nodes).withNamespaceLabels(namespaceLabels);
    }

    /** Namespace name to its labels (empty when unknown), for affinity terms with a namespaceSelector. */
    public Snapshot withNamespaceLabels(Function<String, Map<String, String>> namespaceLabels) {
        return new Snapshot(this, namespaceLabels, defaultSelector, nominatedPods);
    }

    /**
     * The selector PodTopologySpread's default constraints use for a pod ({@code helper.DefaultSelector}: the
     * selectors of the Services, ReplicaSets, ReplicationControllers and StatefulSets that select it, ANDed).
     * Without it default spreading is off, as for a pod nothing selects.
     */
    public Snapshot withDefaultSelector(Function<Pod, Selector> defaultSelector) {
        return new Snapshot(this, namespaceLabels, defaultSelector, nominatedPods);
    }

    /**
     * Pods nominated to nodes by earlier preemptions (node name to pods; kube's nominator). Filters treat
     * the ones of equal or higher priority as already running there, so the space preemption freed is kept
     * for them.
     */
    public Snapshot withNominatedPods(Map<String, List<PodInfo>> nominatedPods) {
        return new Snapshot(this, namespaceLabels, defaultSelector, Map.copyOf(nominatedPods));
    }

    public List<NodeInfo> nodes() {
        return nodes;
    }

    /** The node of that name, or null. */
    public NodeInfo get(String name) {
        return byName.get(name);
    }

    public int size() {
        return nodes.size();
    }

    public List<NodeInfo> havePodsWithAffinity() {
        return havePodsWithAffinity;
    }

    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return havePodsWithRequiredAntiAffinity;
    }

    public Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> l = namespaceLabels.apply(namespace);
        return l == null ? Map.of() : l;
    }

    /** The selector of the pod's Services/controllers for default spreading; {@link Selector#NOTHING} when none. */
    public Selector defaultSelector(Pod pod) {
        Selector s = defaultSelector.apply(pod);
        return s == null ? Selector.NOTHING : s;
    }

    /** The pods nominated to this node (empty list when none). */
    public List<PodInfo> nominatedPods(String node) {
        if (nominatedPods.isEmpty()) {
            return List.of();
        }
        List<PodInfo> l = nominatedPods.get(node);
        return l == null ? List.of() : l;
    }
}
