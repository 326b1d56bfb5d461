package dev.kplane.scheduler.framework;

/**
 * A scheduler plugin. One object may serve several extension points by implementing several of the
 * nested interfaces, as kube's plugins do; the profile calls each point in its configured order.
 */
public interface Plugin {
    /** The highest score a Score plugin may give after normalization ({@code framework.MaxNodeScore}). */
    long MAX_NODE_SCORE = 100;

    String name();

    /** Decides whether a pod may enter the active queue at all (scheduling gates). */
    interface PreEnqueue extends Plugin {
        Status preEnqueue(io.fabric8.kubernetes.api.model.Pod pod);
    }

    /** Orders the scheduling queue. */
    interface QueueSort extends Plugin {
        int compare(PodInfo a, PodInfo b);
    }

    /** Runs once per pod before the per-node filters; may compute CycleState, reject the pod, or narrow the nodes. */
    interface PreFilter extends Plugin {
        PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot);
    }

    /** Decides whether the pod may run on one node; called in the hot loop, so it must not allocate for success. */
    interface Filter extends Plugin {
        Status filter(CycleState state, PodInfo pod, NodeInfo node);
    }

    /** Runs once per pod before scoring, with the feasible nodes; Skip means this plugin's Score is not run. */
    interface PreScore extends Plugin {
        Status preScore(CycleState state, PodInfo pod, java.util.List<NodeInfo> feasibleNodes, Snapshot snapshot);
    }

    /** Scores one feasible node; {@link #normalize} then maps all scores of this plugin into [0, MAX_NODE_SCORE]. */
    interface Score extends Plugin {
        long score(CycleState state, PodInfo pod, NodeInfo node);

        /** scores[i] belongs to nodes.get(i); the default leaves them as they are. */
        default void normalize(CycleState state, PodInfo pod, java.util.List<NodeInfo> nodes, long[] scores) {
        }
    }
}
