package dev.kplane.scheduler.framework;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statuses of the nodes a pod was rejected on ({@code framework.NodeToStatus}); nodes not listed
 * share one status (by default UnschedulableAndUnresolvable without reasons: not evaluated).
 */
public final class NodeToStatus {
    private final Map<String, Status> statuses = new LinkedHashMap<>();
    private Status absentNodesStatus = Status.of(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);

    public void set(String node, Status status) {
        statuses.put(node, status);
    }

    public Status get(String node) {
        Status s = statuses.get(node);
        return s == null ? absentNodesStatus : s;
    }

    public Map<String, Status> explicit() {
        return java.util.Collections.unmodifiableMap(statuses);
    }

    public int size() {
        return statuses.size();
    }

    public Status absentNodesStatus() {
        return absentNodesStatus;
    }

    public void setAbsentNodesStatus(Status status) {
        this.absentNodesStatus = status;
    }
}
