package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;

import java.util.Set;

/**
 * A pre-processed pod (anti-)affinity term ({@code framework.AffinityTerm}): the namespaces it names
 * (the owning pod's own namespace when it names none and has no namespaceSelector), its compiled
 * selectors and its topology key.
 */
public record AffinityTerm(Set<String> namespaces, Selector selector, String topologyKey, Selector namespaceSelector) {

    public static AffinityTerm of(Pod owner, PodAffinityTerm term) {
        Set<String> namespaces;
        if ((term.getNamespaces() == null || term.getNamespaces().isEmpty()) && term.getNamespaceSelector() == null) {
            namespaces = Set.of(owner.getMetadata().getNamespace());
        } else {
            namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        }
        return new AffinityTerm(namespaces, Selector.of(term.getLabelSelector()), term.getTopologyKey(),
                Selector.of(term.getNamespaceSelector()));
    }

    /**
     * Whether the term selects this pod; a namespaceSelector is evaluated against the labels of the pod's
     * namespace as the snapshot knows them (kube merges the namespaces it selects into the term instead).
     */
    public boolean matches(PodInfo pod, Snapshot snapshot) {
        if (namespaces.contains(pod.namespace())) {
            return selector.matches(pod.labels());
        }
        if (namespaceSelector.isNothing()) {
            return false;
        }
        return namespaceSelector.matches(snapshot.namespaceLabels(pod.namespace())) && selector.matches(pod.labels());
    }

    /** A weighted (preferred) term. */
    public record Weighted(AffinityTerm term, int weight) {
    }
}
