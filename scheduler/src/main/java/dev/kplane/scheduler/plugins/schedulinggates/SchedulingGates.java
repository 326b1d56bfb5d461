package dev.kplane.scheduler.plugins.schedulinggates;

import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;

import java.util.List;

/** A pod with spec.schedulingGates stays out of the active queue until all gates are removed. */
public final class SchedulingGates implements Plugin.PreEnqueue {
    public static final String NAME = "SchedulingGates";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preEnqueue(Pod pod) {
        List<PodSchedulingGate> gates = pod.getSpec().getSchedulingGates();
        if (gates == null || gates.isEmpty()) {
            return Status.SUCCESS;
        }
        // Go's %v of a []string
        return Status.unresolvable("waiting for scheduling gates: [" + String.join(" ", gates.stream().map(PodSchedulingGate::getName).toList()) + "]");
    }
}
