package dev.kplane.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Resource;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NodeResourcesFit: the pod's requests must fit in what the node has left (allocatable minus the requests
 * of its pods) and the node must take one more pod; scoring by LeastAllocated (default), MostAllocated or
 * RequestedToCapacityRatio over the configured resources.
 */
public final class Fit implements Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "NodeResourcesFit";

    private final Set<String> ignoredResources;
    private final Set<String> ignoredResourceGroups;
    private final ResourceAllocationScorer scorer;

    public Fit() {
        this(Set.of(), Set.of(), ScoringStrategies.LEAST_ALLOCATED, ResourceSpec.DEFAULT, null);
    }

    public Fit(Set<String> ignoredResources, Set<String> ignoredResourceGroups, String strategy, List<ResourceSpec> resources,
               JsonNode requestedToCapacityRatio) {
        this.ignoredResources = ignoredResources;
        this.ignoredResourceGroups = ignoredResourceGroups;
        this.scorer = new ResourceAllocationScorer(NAME, resources, false, ScoringStrategies.of(strategy, resources, requestedToCapacityRatio));
    }

    /** NodeResourcesFitArgs: ignoredResources, ignoredResourceGroups, scoringStrategy {type, resources, requestedToCapacityRatio}. */
    public static Fit fromArgs(JsonNode args) {
        if (args == null) {
            return new Fit();
        }
        JsonNode strategy = args.path("scoringStrategy");
        return new Fit(strings(args.path("ignoredResources")), strings(args.path("ignoredResourceGroups")),
                strategy.path("type").asText(ScoringStrategies.LEAST_ALLOCATED),
                ResourceSpec.parse(strategy.path("resources")), strategy.path("requestedToCapacityRatio"));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new HashSet<>();
        array.forEach(n -> s.add(n.asText()));
        return Set.copyOf(s);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<InsufficientResource> insufficient = fitsRequest(pod.requests(), node, ignoredResources, ignoredResourceGroups);
        if (insufficient.isEmpty()) {
            return Status.SUCCESS;
        }
        // v1.32 reports Unschedulable even when the node could never hold the pod (Unresolvable for that came in v1.34)
        String[] reasons = new String[insufficient.size()];
        for (int i = 0; i < reasons.length; i++) {
            reasons[i] = insufficient.get(i).reason();
        }
        return Status.unschedulable(reasons);
    }

    /** One resource the node lacks. */
    public record InsufficientResource(String resourceName, String reason, long requested, long used, long capacity) {
    }

    /** fitsRequest: everything the pod needs that the node lacks, pods count first. Empty list (shared) when it fits. */
    public static List<InsufficientResource> fitsRequest(Resource request, NodeInfo node, Set<String> ignoredResources,
                                                         Set<String> ignoredResourceGroups) {
        List<InsufficientResource> out = null;
        Resource alloc = node.allocatable();
        Resource used = node.requested();
        int podCount = node.podCount();
        if (podCount + 1 > alloc.allowedPodNumber()) {
            out = add(out, new InsufficientResource(Resource.PODS, "Too many pods", 1, podCount, alloc.allowedPodNumber()));
        }
        if (request.milliCpu() == 0 && request.memory() == 0 && request.ephemeralStorage() == 0 && request.scalarResources().isEmpty()) {
            return out == null ? List.of() : out;
        }
        if (request.milliCpu() > 0 && request.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
            out = add(out, new InsufficientResource(Resource.CPU, "Insufficient cpu", request.milliCpu(), used.milliCpu(),
                    alloc.milliCpu()));
        }
        if (request.memory() > 0 && request.memory() > alloc.memory() - used.memory()) {
            out = add(out, new InsufficientResource(Resource.MEMORY, "Insufficient memory", request.memory(), used.memory(),
                    alloc.memory()));
        }
        if (request.ephemeralStorage() > 0 && request.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
            out = add(out, new InsufficientResource(Resource.EPHEMERAL_STORAGE, "Insufficient ephemeral-storage",
                    request.ephemeralStorage(), used.ephemeralStorage(), alloc.ephemeralStorage()));
        }
        for (Map.Entry<String, Long> e : request.scalarResources().entrySet()) {
            String name = e.getKey();
            long quantity = e.getValue();
            if (quantity == 0) {
                continue;
            }
            if (Resource.isExtendedResourceName(name)
                    && (ignoredResources.contains(name) || ignoredResourceGroups.contains(name.substring(0, name.indexOf('/'))))) {
                continue;
            }
            long allocatable = alloc.scalar(name);
            if (quantity > allocatable - used.scalar(name)) {
                out = add(out, new InsufficientResource(name, "Insufficient " + name, quantity, used.scalar(name), allocatable));
            }
        }
        return out == null ? List.of() : out;
    }

    private static List<InsufficientResource> add(List<InsufficientResource> list, InsufficientResource r) {
        List<InsufficientResource> l = list == null ? new ArrayList<>(4) : list;
        l.add(r);
        return l;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        scorer.preScore(state, pod);
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return scorer.score(state, pod, node);
    }
}
