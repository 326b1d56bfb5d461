package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's hard node constraints, compiled (component-helpers' {@code nodeaffinity.RequiredNodeAffinity}):
 * spec.nodeSelector AND the required node affinity's terms (ORed; each term's expressions and
 * metadata.name fields ANDed; an empty term matches nothing).
 */
public final class RequiredNodeAffinity {
    private final Selector nodeSelector;
    private final List<Term> terms;

    private RequiredNodeAffinity(Selector nodeSelector, List<Term> terms) {
        this.nodeSelector = nodeSelector;
        this.terms = terms;
    }

    public static RequiredNodeAffinity of(Pod pod) {
        Map<String, String> sel = pod.getSpec().getNodeSelector();
        Selector nodeSelector = sel == null || sel.isEmpty() ? null : Selector.ofLabels(sel);
        Affinity a = pod.getSpec().getAffinity();
        NodeSelector required = a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return new RequiredNodeAffinity(nodeSelector, required == null ? null : terms(required));
    }

    /** A node selector given as such (a scheduler profile's addedAffinity). */
    public static RequiredNodeAffinity of(NodeSelector selector) {
        return new RequiredNodeAffinity(null, selector == null ? null : terms(selector));
    }

    public boolean matches(NodeInfo node) {
        if (nodeSelector != null && !nodeSelector.matches(node.labels())) {
            return false;
        }
        if (terms == null) {
            return true;
        }
        for (int i = 0, n = terms.size(); i < n; i++) {
            if (terms.get(i).matches(node)) {
                return true;
            }
        }
        return false;
    }

    private static List<Term> terms(NodeSelector selector) {
        List<Term> out = new ArrayList<>();
        for (NodeSelectorTerm t : Resource.list(selector.getNodeSelectorTerms())) {
            out.add(Term.of(t));
        }
        return out;
    }

    /** One NodeSelectorTerm: label requirements and metadata.name field requirements. */
    public record Term(List<Selector.Requirement> expressions, List<Selector.Requirement> fields) {
        public static Term of(NodeSelectorTerm t) {
            if (t == null) {
                return new Term(List.of(), List.of());
            }
            return new Term(requirements(t.getMatchExpressions()), requirements(t.getMatchFields()));
        }

        public boolean matches(NodeInfo node) {
            if (expressions.isEmpty() && fields.isEmpty()) {
                return false;
            }
            Map<String, String> labels = node.labels();
            for (int i = 0, n = expressions.size(); i < n; i++) {
                if (!expressions.get(i).matches(labels)) {
                    return false;
                }
            }
            if (!fields.isEmpty()) {
                Map<String, String> nodeFields = Map.of("metadata.name", node.name());
                for (Selector.Requirement r : fields) {
                    if (!r.matches(nodeFields)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static List<Selector.Requirement> requirements(List<NodeSelectorRequirement> reqs) {
            if (reqs == null || reqs.isEmpty()) {
                return List.of();
            }
            List<Selector.Requirement> out = new ArrayList<>(reqs.size());
            for (NodeSelectorRequirement r : reqs) {
                out.add(new Selector.Requirement(r.getKey(), Selector.Operator.parse(r.getOperator()),
                        r.getValues() == null ? java.util.Set.of() : new HashSet<>(r.getValues())));
            }
            return List.copyOf(out);
        }
    }

    /** Preferred terms ({@code nodeaffinity.PreferredSchedulingTerms}): the sum of the weights of the terms a node matches. */
    public record Preferred(List<Term> terms, int[] weights) {
        public static Preferred of(List<PreferredSchedulingTerm> terms) {
            if (terms == null || terms.isEmpty()) {
                return null;
            }
            List<Term> ts = new ArrayList<>();
            List<Integer> ws = new ArrayList<>();
            for (PreferredSchedulingTerm t : terms) {
                if (t.getWeight() == null || t.getWeight() == 0) {
                    continue;
                }
                ts.add(Term.of(t.getPreference()));
                ws.add(t.getWeight());
            }
            return new Preferred(List.copyOf(ts), ws.stream().mapToInt(Integer::intValue).toArray());
        }

        public long score(NodeInfo node) {
            long s = 0;
            for (int i = 0; i < terms.size(); i++) {
                if (terms.get(i).matches(node)) {
                    s += weights[i];
                }
            }
            return s;
        }
    }
}
