package dev.kplane.scheduler.plugins.podtopologyspread;

import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.RequiredNodeAffinity;
import dev.kplane.scheduler.framework.Selector;
import dev.kplane.scheduler.plugins.tainttoleration.TaintToleration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A topology spread constraint with its selector compiled and kube's defaults filled in (topologySpreadConstraint). */
record Constraint(int maxSkew, String topologyKey, Selector selector, int minDomains, boolean honorNodeAffinity,
                  boolean honorNodeTaints) {

    /**
     * filterTopologySpreadConstraints: the constraints with this whenUnsatisfiable action; matchLabelKeys add the
     * pod's own values of those labels to the selector.
     */
    static List<Constraint> filter(List<TopologySpreadConstraint> constraints, Map<String, String> podLabels, String action) {
        List<Constraint> out = new ArrayList<>();
        for (TopologySpreadConstraint c : constraints) {
            if (!action.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            Selector selector = Selector.of(c.getLabelSelector());
            if (c.getMatchLabelKeys() != null && !c.getMatchLabelKeys().isEmpty()) {
                Map<String, String> match = new HashMap<>();
                for (String key : c.getMatchLabelKeys()) {
                    String v = podLabels.get(key);
                    if (v != null) {
                        match.put(key, v);
                    }
                }
                if (!match.isEmpty()) {
                    selector = Selector.ofLabels(match).and(selector);
                }
            }
            out.add(new Constraint(c.getMaxSkew() == null ? 1 : c.getMaxSkew(), c.getTopologyKey(), selector,
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    c.getNodeAffinityPolicy() == null || "Honor".equals(c.getNodeAffinityPolicy()),
                    "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return out;
    }

    /** The same constraint counting pods of another selector (default constraints take the pod's Service/controller selector). */
    Constraint withSelector(Selector s) {
        return new Constraint(maxSkew, topologyKey, s, minDomains, honorNodeAffinity, honorNodeTaints);
    }

    /** matchNodeInclusionPolicies: whether this node's pods count toward the spread. */
    boolean includesNode(Pod pod, NodeInfo node, RequiredNodeAffinity required) {
        if (honorNodeAffinity && !required.matches(node)) {
            return false;
        }
        return !honorNodeTaints || TaintToleration.findUntoleratedTaint(node.taints(), pod.getSpec().getTolerations()) == null;
    }

    static boolean nodeHasAllKeys(Map<String, String> nodeLabels, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (!nodeLabels.containsKey(c.topologyKey)) {
                return false;
            }
        }
        return true;
    }

    /** countPodsMatchSelector: pods in the namespace, not terminating, that the selector matches (an empty selector counts none). */
    static int countMatching(List<PodInfo> pods, Selector selector, String namespace) {
        if (selector.isEverything() || selector.isNothing()) {
            return 0;
        }
        int count = 0;
        for (int i = 0, n = pods.size(); i < n; i++) {
            PodInfo p = pods.get(i);
            if (p.pod().getMetadata().getDeletionTimestamp() != null || !namespace.equals(p.namespace())) {
                continue;
            }
            if (selector.matches(p.labels())) {
                count++;
            }
        }
        return count;
    }
}
