package dev.kplane.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;

import java.util.List;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose resource fractions (requested / allocatable, with
 * the pod) stay close together: score = (1 - standard deviation of the fractions) * 100.
 */
public final class BalancedAllocation implements Plugin.PreScore, Plugin.Score {
    public static final String NAME = "NodeResourcesBalancedAllocation";

    private final ResourceAllocationScorer scorer;

    public BalancedAllocation(List<ResourceSpec> resources) {
        this.scorer = new ResourceAllocationScorer(NAME, resources, true, BalancedAllocation::balancedResourceScore);
    }

    public static BalancedAllocation fromArgs(JsonNode args) {
        return new BalancedAllocation(ResourceSpec.parse(args == null ? null : args.path("resources")));
    }

    @Override
    public String name() {
        return NAME;
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

    /** balancedResourceScorer: two resources use |f1 - f2| / 2, more use the population standard deviation. */
    static long balancedResourceScore(long[] requested, long[] allocatable) {
        double[] fractions = new double[requested.length];
        int n = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double f = Math.min(1.0, (double) requested[i] / (double) allocatable[i]);
            total += f;
            fractions[n++] = f;
        }
        double std = 0;
        if (n == 2) {
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (n > 2) {
            double mean = total / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }
            std = Math.sqrt(sum / n);
        }
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }
}
