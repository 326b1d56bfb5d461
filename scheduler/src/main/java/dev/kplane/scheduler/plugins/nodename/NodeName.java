package dev.kplane.scheduler.plugins.nodename;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Status;

/** A pod that names its node (spec.nodeName) fits only there. */
public final class NodeName implements Plugin.Filter {
    public static final String NAME = "NodeName";
    public static final String ERR_REASON = "node(s) didn't match the requested node name";
    private static final Status REJECTED = Status.unresolvable(ERR_REASON).withPlugin(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return fits(pod, node) ? Status.SUCCESS : REJECTED;
    }

    public static boolean fits(PodInfo pod, NodeInfo node) {
        String want = pod.pod().getSpec().getNodeName();
        return want == null || want.isEmpty() || want.equals(node.name());
    }
}
