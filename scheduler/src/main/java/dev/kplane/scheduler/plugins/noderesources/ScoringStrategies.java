package dev.kplane.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.Plugin;

import java.util.ArrayList;
import java.util.List;

/** NodeResourcesFit's scoring strategies (least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go). */
final class ScoringStrategies {
    static final String LEAST_ALLOCATED = "LeastAllocated";
    static final String MOST_ALLOCATED = "MostAllocated";
    static final String REQUESTED_TO_CAPACITY_RATIO = "RequestedToCapacityRatio";
    private static final long MAX_UTILIZATION = 100;
    private static final long MAX_CUSTOM_PRIORITY_SCORE = 10;

    private ScoringStrategies() {
    }

    static ResourceAllocationScorer.Strategy of(String type, List<ResourceSpec> resources, JsonNode shape) {
        return switch (type) {
            case LEAST_ALLOCATED -> weighted(resources, ScoringStrategies::leastRequestedScore);
            case MOST_ALLOCATED -> weighted(resources, ScoringStrategies::mostRequestedScore);
            case REQUESTED_TO_CAPACITY_RATIO -> requestedToCapacityRatio(resources, shape);
            default -> throw new IllegalArgumentException("scoringStrategy.type: Unsupported value: \"" + type + "\"");
        };
    }

    private interface PerResource {
        long score(long requested, long capacity);
    }

    /** The weighted average (integer division) of the per-resource scores over resources the node has. */
    private static ResourceAllocationScorer.Strategy weighted(List<ResourceSpec> resources, PerResource f) {
        long[] weights = resources.stream().mapToLong(ResourceSpec::weight).toArray();
        return (requested, allocatable) -> {
            long nodeScore = 0;
            long weightSum = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) {
                    continue;
                }
                nodeScore += f.score(requested[i], allocatable[i]) * weights[i];
                weightSum += weights[i];
            }
            return weightSum == 0 ? 0 : nodeScore / weightSum;
        };
    }

    /** Free share of the node after placing the pod; 0 when it would be over capacity. */
    static long leastRequestedScore(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * Plugin.MAX_NODE_SCORE / capacity;
    }

    /** Used share of the node after placing the pod, capped at capacity (non-zero defaults can overshoot). */
    static long mostRequestedScore(long requested, long capacity) {
        if (capacity == 0) {
            return 0;
        }
        return Math.min(requested, capacity) * Plugin.MAX_NODE_SCORE / capacity;
    }

    private static ResourceAllocationScorer.Strategy requestedToCapacityRatio(List<ResourceSpec> resources, JsonNode shapeArgs) {
        List<long[]> shape = new ArrayList<>();
        for (JsonNode p : shapeArgs.path("shape")) {
            shape.add(new long[] {p.path("utilization").asLong(), p.path("score").asLong() * (Plugin.MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE)});
        }
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("scoringStrategy.requestedToCapacityRatio.shape: Required value");
        }
        long[] weights = resources.stream().mapToLong(ResourceSpec::weight).toArray();
        return (requested, allocatable) -> {
            long nodeScore = 0;
            long weightSum = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) {
                    continue;
                }
                long utilization = requested[i] > allocatable[i] ? MAX_UTILIZATION : requested[i] * MAX_UTILIZATION / allocatable[i];
                long s = brokenLinear(shape, utilization);
                if (s > 0) {
                    nodeScore += s * weights[i];
                    weightSum += weights[i];
                }
            }
            return weightSum == 0 ? 0 : Math.round((double) nodeScore / weightSum);
        };
    }

    /** helper.BuildBrokenLinearFunction. */
    private static long brokenLinear(List<long[]> shape, long p) {
        for (int i = 0; i < shape.size(); i++) {
            if (p <= shape.get(i)[0]) {
                if (i == 0) {
                    return shape.get(0)[1];
                }
                long[] a = shape.get(i - 1);
                long[] b = shape.get(i);
                return a[1] + (b[1] - a[1]) * (p - a[0]) / (b[0] - a[0]);
            }
        }
        return shape.get(shape.size() - 1)[1];
    }
}
