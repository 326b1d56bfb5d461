package dev.kplane.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.plugins.defaultpreemption.DefaultPreemption;
import dev.kplane.scheduler.plugins.interpodaffinity.InterPodAffinity;
import dev.kplane.scheduler.plugins.nodeaffinity.NodeAffinityPlugin;
import dev.kplane.scheduler.plugins.nodename.NodeName;
import dev.kplane.scheduler.plugins.nodeports.NodePorts;
import dev.kplane.scheduler.plugins.noderesources.BalancedAllocation;
import dev.kplane.scheduler.plugins.noderesources.Fit;
import dev.kplane.scheduler.plugins.tainttoleration.TaintToleration;
import dev.kplane.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import dev.kplane.scheduler.plugins.podtopologyspread.PodTopologySpread;
import dev.kplane.scheduler.plugins.prioritysort.PrioritySort;
import dev.kplane.scheduler.plugins.schedulinggates.SchedulingGates;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The in-tree plugins by name ({@code plugins.NewInTreeRegistry}): each factory takes its pluginConfig args (may be null). */
public final class Registry {
    private static final Map<String, Function<JsonNode, Plugin>> FACTORIES = Map.ofEntries(
            Map.entry(SchedulingGates.NAME, args -> new SchedulingGates()),
            Map.entry(PrioritySort.NAME, args -> new PrioritySort()),
            Map.entry(NodeName.NAME, args -> new NodeName()),
            Map.entry(NodeUnschedulable.NAME, args -> new NodeUnschedulable()),
            Map.entry(TaintToleration.NAME, args -> new TaintToleration()),
            Map.entry(NodeAffinityPlugin.NAME, NodeAffinityPlugin::fromArgs),
            Map.entry(NodePorts.NAME, args -> new NodePorts()),
            Map.entry(Fit.NAME, Fit::fromArgs),
            Map.entry(BalancedAllocation.NAME, BalancedAllocation::fromArgs),
            Map.entry(PodTopologySpread.NAME, PodTopologySpread::fromArgs),
            Map.entry(InterPodAffinity.NAME, InterPodAffinity::fromArgs),
            Map.entry(DefaultPreemption.NAME, DefaultPreemption::fromArgs));

    /** kube plugins a config may name that kplane does not run (no volumes or images here); they are skipped. */
    public static final Set<String> NOT_IMPLEMENTED = Set.of("VolumeRestrictions", "NodeVolumeLimits", "EBSLimits",
            "GCEPDLimits", "AzureDiskLimits",
            "VolumeBinding", "VolumeZone", "ImageLocality", "DefaultBinder", "DynamicResources");

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
