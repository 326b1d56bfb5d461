package dev.kplane.scheduler.plugins.nodeunschedulable;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Status;
import dev.kplane.scheduler.framework.Tolerations;


/** A cordoned node (spec.unschedulable) takes only pods that tolerate the unschedulable NoSchedule taint. */
public final class NodeUnschedulable implements Plugin.Filter {
    public static final String NAME = "NodeUnschedulable";
    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    static final String TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    private static final Status REJECTED = Status.unresolvable(ERR_REASON_UNSCHEDULABLE).withPlugin(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.unschedulable()) {
            return Status.SUCCESS;
        }
        if (Tolerations.tolerates(pod.pod().getSpec().getTolerations(), TAINT_NODE_UNSCHEDULABLE, null, "NoSchedule")) {
            return Status.SUCCESS;
        }
        return REJECTED;
    }
}
