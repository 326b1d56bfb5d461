package dev.kplane.scheduler.plugins.interpodaffinity;

import dev.kplane.scheduler.framework.AffinityTerm;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Snapshot;

import java.util.List;
import java.util.Map;

/**
 * InterPodAffinity's PreFilter state: per topology pair, how many existing pods' required anti-affinity
 * terms select the incoming pod, and how many existing pods match the incoming pod's required affinity
 * (all terms) and anti-affinity terms. Kept in step when preemption removes or re-adds pods.
 */
final class AffinityCounts implements CycleState.PodAware {
    final PodInfo pod;
    final Snapshot snapshot;
    final TopologyCounts existingAntiAffinity;
    final TopologyCounts affinity;
    final TopologyCounts antiAffinity;

    AffinityCounts(PodInfo pod, Snapshot snapshot) {
        this(pod, snapshot, new TopologyCounts(), new TopologyCounts(), new TopologyCounts());
    }

    private AffinityCounts(PodInfo pod, Snapshot snapshot, TopologyCounts existingAntiAffinity, TopologyCounts affinity,
                           TopologyCounts antiAffinity) {
        this.pod = pod;
        this.snapshot = snapshot;
        this.existingAntiAffinity = existingAntiAffinity;
        this.affinity = affinity;
        this.antiAffinity = antiAffinity;
    }

    /** An existing pod's required anti-affinity terms that select the incoming pod. */
    void countExistingAntiAffinity(PodInfo existing, NodeInfo node, long delta) {
        for (AffinityTerm t : existing.requiredAntiAffinityTerms()) {
            if (t.matches(pod, snapshot)) {
                existingAntiAffinity.update(node.labels(), t.topologyKey(), delta);
            }
        }
    }

    /** The incoming pod's required terms matched by an existing pod (affinity: all terms must match). */
    void countIncoming(PodInfo existing, NodeInfo node, long delta) {
        List<AffinityTerm> terms = pod.requiredAffinityTerms();
        if (matchesAll(terms, existing, snapshot)) {
            for (AffinityTerm t : terms) {
                affinity.update(node.labels(), t.topologyKey(), delta);
            }
        }
        for (AffinityTerm t : pod.requiredAntiAffinityTerms()) {
            if (t.matches(existing, snapshot)) {
                antiAffinity.update(node.labels(), t.topologyKey(), delta);
            }
        }
    }

    static boolean matchesAll(List<AffinityTerm> terms, PodInfo pod, Snapshot snapshot) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm t : terms) {
            if (!t.matches(pod, snapshot)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void addPod(PodInfo podToSchedule, PodInfo added, NodeInfo node) {
        countExistingAntiAffinity(added, node, 1);
        countIncoming(added, node, 1);
    }

    @Override
    public void removePod(PodInfo podToSchedule, PodInfo removed, NodeInfo node) {
        countExistingAntiAffinity(removed, node, -1);
        countIncoming(removed, node, -1);
    }

    @Override
    public AffinityCounts copy() {
        return new AffinityCounts(pod, snapshot, existingAntiAffinity.copy(), affinity.copy(), antiAffinity.copy());
    }

    static boolean hasAllKeys(Map<String, String> labels, List<AffinityTerm> terms) {
        for (AffinityTerm t : terms) {
            if (!labels.containsKey(t.topologyKey())) {
                return false;
            }
        }
        return true;
    }
}
