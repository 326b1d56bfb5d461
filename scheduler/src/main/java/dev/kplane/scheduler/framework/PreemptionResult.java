package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * What preemption decided ({@code PostFilterResult} + status): a node to nominate and the pods to evict
 * from it, or none, with the message kube-scheduler adds to the FitError ("preemption: ...").
 */
public record PreemptionResult(String nominatedNodeName, List<Pod> victims, String message) {

    public static PreemptionResult none(String message) {
        return new PreemptionResult(null, List.of(), message);
    }

    public boolean preempts() {
        return nominatedNodeName != null;
    }
}
