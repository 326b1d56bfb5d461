package dev.kplane.scheduler.plugins.defaultpreemption;

import dev.kplane.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The pods preemption would evict on one node, most important first, and how many of them break a PDB. */
record Victims(String node, List<PodInfo> pods, int numPdbViolations) {

    /** util.MoreImportantPod: higher priority first, then the pod that started earlier. */
    static final Comparator<PodInfo> MORE_IMPORTANT_FIRST = Comparator.comparingInt(PodInfo::priority).reversed()
            .thenComparing(Victims::startTime);

    /** GetPodStartTime: status.startTime, or now for a pod that has not started. */
    static Instant startTime(PodInfo p) {
        String t = p.pod().getStatus() == null ? null : p.pod().getStatus().getStartTime();
        return t == null ? Instant.now() : Instant.parse(t);
    }

    /** GetEarliestPodStartTime: the earliest start among the highest-priority victims. */
    Instant earliestStartOfHighestPriority() {
        int maxPriority = pods.get(0).priority();
        Instant earliest = startTime(pods.get(0));
        for (PodInfo p : pods) {
            if (p.priority() == maxPriority) {
                Instant s = startTime(p);
                if (s.isBefore(earliest)) {
                    earliest = s;
                }
            } else if (p.priority() > maxPriority) {
                maxPriority = p.priority();
                earliest = startTime(p);
            }
        }
        return earliest;
    }

    /**
     * filterPodsWithPDBViolation: walking the pods in order, each one a PDB selects uses up one of its
     * allowed disruptions (unless already listed as disrupted); a pod that drives a budget below zero violates it.
     * Returns [violating, nonViolating].
     */
    static List<List<PodInfo>> splitByPdbViolation(List<PodInfo> pods, List<PodDisruptionBudget> pdbs) {
        int[] allowed = new int[pdbs.size()];
        for (int i = 0; i < allowed.length; i++) {
            PodDisruptionBudget pdb = pdbs.get(i);
            allowed[i] = pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null ? 0 : pdb.getStatus().getDisruptionsAllowed();
        }
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        for (PodInfo p : pods) {
            boolean violated = false;
            if (!p.labels().isEmpty()) {
                for (int i = 0; i < allowed.length; i++) {
                    PodDisruptionBudget pdb = pdbs.get(i);
                    if (!p.namespace().equals(pdb.getMetadata().getNamespace()) || pdb.getSpec() == null) {
                        continue;
                    }
                    var selector = dev.kplane.scheduler.framework.Selector.of(pdb.getSpec().getSelector());
                    if (selector.isEverything() || !selector.matches(p.labels())) {
                        continue;
                    }
                    Map<String, String> disrupted = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
                    if (disrupted != null && disrupted.containsKey(p.name())) {
                        continue;
                    }
                    allowed[i]--;
                    if (allowed[i] < 0) {
                        violated = true;
                    }
                }
            }
            (violated ? violating : nonViolating).add(p);
        }
        return List.of(violating, nonViolating);
    }
}
