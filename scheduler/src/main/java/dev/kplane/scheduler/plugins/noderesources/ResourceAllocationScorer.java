package dev.kplane.scheduler.plugins.noderesources;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Resource;

import java.util.List;

/**
 * kube's resourceAllocationScorer: for each scored resource, what the node would have requested with the
 * pod and what it can allocate, handed to a strategy. useRequested=false (NodeResourcesFit) counts the
 * non-zero requests (100m / 200MB for containers without requests) for cpu and memory.
 */
final class ResourceAllocationScorer {
    /** Scores requested-vs-allocatable pairs; an allocatable of 0 means "do not score this resource". */
    interface Strategy {
        long score(long[] requested, long[] allocatable);
    }

    private final List<ResourceSpec> resources;
    private final boolean useRequested;
    private final Strategy strategy;
    /** Where PreScore leaves the pod's requests for Score, one key per plugin. */
    private final CycleState.Key<long[]> podRequestsKey;

    /** @param plugin the plugin scoring with it, whose PreScore state it keeps */
    ResourceAllocationScorer(String plugin, List<ResourceSpec> resources, boolean useRequested, Strategy strategy) {
        this.resources = resources;
        this.useRequested = useRequested;
        this.strategy = strategy;
        this.podRequestsKey = new CycleState.Key<>("PreScore" + plugin);
    }

    /** The plugin's PreScore: the pod's requests, computed once per scheduling cycle. */
    void preScore(CycleState state, PodInfo pod) {
        state.put(podRequestsKey, podRequests(pod));
    }

    /** The plugin's Score, from what PreScore kept (or computed now if PreScore did not run). */
    long score(CycleState state, PodInfo pod, NodeInfo node) {
        long[] requests = state.get(podRequestsKey);
        return score(node, requests == null ? podRequests(pod) : requests);
    }

    List<ResourceSpec> resources() {
        return resources;
    }

    /** calculatePodResourceRequestList: the pod's request of each scored resource. */
    long[] podRequests(PodInfo pod) {
        Resource r = useRequested ? pod.requests() : nonZero(pod);
        long[] out = new long[resources.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.get(resources.get(i).name());
        }
        return out;
    }

    private static Resource nonZero(PodInfo pod) {
        Resource r = pod.requests().copy();
        r.setMilliCpu(pod.nonZeroMilliCpu());
        r.setMemory(pod.nonZeroMemory());
        return r;
    }

    long score(NodeInfo node, long[] podRequests) {
        int n = resources.size();
        long[] requested = new long[n];
        long[] allocatable = new long[n];
        Resource nodeRequested = useRequested ? node.requested() : node.nonZeroRequested();
        Resource alloc = node.allocatable();
        for (int i = 0; i < n; i++) {
            String name = resources.get(i).name();
            long podRequest = podRequests[i];
            if (podRequest == 0 && Resource.isScalarResourceName(name)) {
                continue;
            }
            switch (name) {
                case Resource.CPU -> {
                    allocatable[i] = alloc.milliCpu();
                    requested[i] = nodeRequested.milliCpu() + podRequest;
                }
                case Resource.MEMORY -> {
                    allocatable[i] = alloc.memory();
                    requested[i] = nodeRequested.memory() + podRequest;
                }
                case Resource.EPHEMERAL_STORAGE -> {
                    allocatable[i] = alloc.ephemeralStorage();
                    requested[i] = node.requested().ephemeralStorage() + podRequest;
                }
                default -> {
                    if (alloc.scalarResources().containsKey(name)) {
                        allocatable[i] = alloc.scalar(name);
                        requested[i] = node.requested().scalar(name) + podRequest;
                    }
                }
            }
        }
        return strategy.score(requested, allocatable);
    }

}
