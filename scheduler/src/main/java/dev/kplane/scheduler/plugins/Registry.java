package dev.kplane.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.plugins.nodeaffinity.NodeAffinityPlugin;
import dev.kplane.scheduler.plugins.nodename.NodeName;
import dev.kplane.scheduler.plugins.nodeports.NodePorts;
import dev.kplane.scheduler.plugins.noderesources.BalancedAllocation;
import dev.kplane.scheduler.plugins.noderesources.Fit;
import dev.kplane.scheduler.plugins.tainttoleration.TaintToleration;
import dev.kplane.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import dev.kplane.scheduler.plugins.prioritysort.PrioritySort;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The in-tree plugins by name ({@code plugins.NewInTreeRegistry}): each factory takes its pluginConfig args (may be null). */
public final class Registry {
    private static final Map<String, Function<JsonNode, Plugin>> FACTORIES = Map.of(
            PrioritySort.NAME, args -> new PrioritySort(),
            NodeName.NAME, args -> new NodeName(),
            NodeUnschedulable.NAME, args -> new NodeUnschedulable(),
            TaintToleration.NAME, args -> new TaintToleration(),
            NodeAffinityPlugin.NAME, NodeAffinityPlugin::fromArgs,
            NodePorts.NAME, args -> new NodePorts(),
            Fit.NAME, Fit::fromArgs,
            BalancedAllocation.NAME, BalancedAllocation::fromArgs);

    /** kube plugins a config may name that kplane does not run (no volumes, images or gates here); they are skipped. */
    public static final Set<String> NOT_IMPLEMENTED = Set.of("SchedulingGates", "VolumeRestrictions", "NodeVolumeLimits",
            "VolumeBinding", "VolumeZone", "ImageLocality", "DefaultBinder", "DynamicResources",
            "PodTopologySpread", "InterPodAffinity", "DefaultPreemption");

    private Registry() {
    }

    /** The plugin of that name, null for a known kube plugin kplane skips; unknown names are an error. */
    public static Plugin create(String name, JsonNode args) {
        Function<JsonNode, Plugin> f = FACTORIES.get(name);
        if (f != null) {
            return f.apply(args == null || args.isMissingNode() || args.isNull() ? null : args);
        }
        if (NOT_IMPLEMENTED.contains(name)) {
            return null;
        }
        throw new IllegalArgumentException("plugin \"" + name + "\" does not exist");
    }
}
