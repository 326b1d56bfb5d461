package dev.kplane.scheduler.framework;

import java.util.HashSet;
import java.util.Set;

/**
 * What a PreFilter plugin returns ({@code framework.PreFilterResult} plus its Status): the status, and
 * optionally the only node names that can possibly fit (null means all nodes).
 */
public record PreFilterResult(Status status, Set<String> nodeNames) {
    public static final PreFilterResult SUCCESS = new PreFilterResult(Status.SUCCESS, null);
    public static final PreFilterResult SKIP = new PreFilterResult(Status.SKIP, null);

    public static PreFilterResult of(Status status) {
        return status.isSuccess() ? SUCCESS : status.isSkip() ? SKIP : new PreFilterResult(status, null);
    }

    public static PreFilterResult nodes(Set<String> nodeNames) {
        return new PreFilterResult(Status.SUCCESS, nodeNames);
    }

    public boolean allNodes() {
        return nodeNames == null;
    }

    /** The intersection with another result (PreFilterResult.Merge). */
    public Set<String> mergeNodes(Set<String> other) {
        if (nodeNames == null) {
            return other;
        }
        if (other == null) {
            return nodeNames;
        }
        Set<String> s = new HashSet<>(nodeNames);
        s.retainAll(other);
        return s;
    }
}
