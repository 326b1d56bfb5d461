package dev.kplane.scheduler.framework;

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
 */
public final class Snapshot {
    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byName;
    private final List<NodeInfo> havePodsWithAffinity;
    private final List<NodeInfo> havePodsWithRequiredAntiAffinity;
    private final Function<String, Map<String, String>> namespaceLabels;

    private Snapshot(List<NodeInfo> nodes, Function<String, Map<String, String>> namespaceLabels) {
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
        this.namespaceLabels = namespaceLabels;
    }

    public static Snapshot of(Collection<NodeInfo> nodes) {
        return new Snapshot(List.copyOf(nodes), ns -> Map.of());
    }

    /**
     * A snapshot that also knows namespaces' labels, for affinity terms with a namespaceSelector
     * (a function from namespace name to its labels, empty map when unknown).
     */
    public static Snapshot of(Collection<NodeInfo> nodes, Function<String, Map<String, String>> namespaceLabels) {
        return new Snapshot(List.copyOf(nodes), namespaceLabels);
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
}
