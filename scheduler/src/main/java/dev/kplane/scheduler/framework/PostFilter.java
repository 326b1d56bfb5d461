package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;

/** Runs when no node fits (kube's PostFilter point); DefaultPreemption is the one implementation. */
public interface PostFilter extends Plugin {
    PreemptionResult postFilter(Profile profile, PodInfo pod, Snapshot snapshot, NodeToStatus statuses,
                                List<PodDisruptionBudget> pdbs);
}
