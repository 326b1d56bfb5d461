package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The outcome of one scheduling attempt: a host, or why no node fits. */
public sealed interface ScheduleResult {

    /** kube's ErrNoNodesAvailable text. */
    String NO_NODES_AVAILABLE = "no nodes available to schedule pods";

    /** {@code ScheduleResult}: the chosen node, how many nodes were evaluated and how many fit. */
    record Success(String suggestedHost, int evaluatedNodes, int feasibleNodes) implements ScheduleResult {
    }

    /**
     * {@code framework.FitError}: every node's rejection. preFilterMessage is set when a PreFilter plugin
     * rejected the pod for all nodes; postFilterMessage is what preemption said (set with
     * {@link #withPostFilterMessage}).
     */
    record FitError(Pod pod, int numAllNodes, NodeToStatus nodeToStatus, Set<String> unschedulablePlugins,
                    String preFilterMessage, String postFilterMessage) implements ScheduleResult {

        public FitError withPostFilterMessage(String message) {
            return new FitError(pod, numAllNodes, nodeToStatus, unschedulablePlugins, preFilterMessage, message);
        }

        /**
         * FitError.Error(): "0/N nodes are available: " then the PreFilter message, or the reasons as a
         * histogram "count reason" sorted as strings, then the PostFilter message.
         */
        public String message() {
            if (numAllNodes == 0 && nodeToStatus.size() == 0 && preFilterMessage == null) {
                return NO_NODES_AVAILABLE;
            }
            StringBuilder msg = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
            if (preFilterMessage != null && !preFilterMessage.isEmpty()) {
                msg.append(' ').append(preFilterMessage).append('.');
            } else {
                Map<String, Integer> reasons = new TreeMap<>();
                for (Status s : nodeToStatus.explicit().values()) {
                    for (String r : s.reasons()) {
                        reasons.merge(r, 1, Integer::sum);
                    }
                }
                int absent = numAllNodes - nodeToStatus.size();
                if (absent > 0) {
                    for (String r : nodeToStatus.absentNodesStatus().reasons()) {
                        reasons.merge(r, absent, Integer::sum);
                    }
                }
                List<String> histogram = new ArrayList<>(reasons.size());
                reasons.forEach((r, n) -> histogram.add(n + " " + r));
                // Go's sort.Strings: byte order of "count reason", so "10 x" sorts before "2 y"
                Collections.sort(histogram);
                if (!histogram.isEmpty()) {
                    msg.append(' ').append(String.join(", ", histogram)).append('.');
                }
            }
            if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
                msg.append(' ').append(postFilterMessage);
            }
            return msg.toString();
        }
    }
}
