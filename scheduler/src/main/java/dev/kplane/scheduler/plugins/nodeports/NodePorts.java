package dev.kplane.scheduler.plugins.nodeports;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.HostPort;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.PreFilterResult;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;

import java.util.List;

/** A pod's host ports must be free on the node (same protocol and port on the same or any address). */
public final class NodePorts implements Plugin.PreFilter, Plugin.Filter {
    public static final String NAME = "NodePorts";
    public static final String ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final Status REJECTED = Status.unschedulable(ERR_REASON).withPlugin(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        return pod.hostPorts().isEmpty() ? PreFilterResult.SKIP : PreFilterResult.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return fits(pod.hostPorts(), node.usedPorts()) ? Status.SUCCESS : REJECTED;
    }

    public static boolean fits(List<HostPort> wanted, List<HostPort> used) {
        for (HostPort w : wanted) {
            for (HostPort u : used) {
                if (w.conflicts(u)) {
                    return false;
                }
            }
        }
        return true;
    }
}
