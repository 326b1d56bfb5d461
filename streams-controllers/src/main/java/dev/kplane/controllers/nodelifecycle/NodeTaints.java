package dev.kplane.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The taints the node lifecycle controller keeps on a node from its conditions (doNoScheduleTaintingPass and
 * doNoExecuteTaintingPass): NoSchedule taints for a not-ready, unreachable, pressured or unschedulable node, and the
 * not-ready / unreachable NoExecute taint that evicts pods. Taints it does not own are left as they are.
 */
public final class NodeTaints {
  /** nodeConditionToTaintKeyStatusMap: condition type and status to the NoSchedule taint key. */
  private static final Map<String, Map<String, String>> NO_SCHEDULE = orderedMap(
      "Ready", Map.of("False", Taint.NOT_READY, "Unknown", Taint.UNREACHABLE),
      "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
      "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
      "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
      "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));
  private static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
  private static final List<String> OWNED_NO_SCHEDULE = List.of(Taint.NOT_READY, Taint.UNREACHABLE,
      "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/network-unavailable",
      "node.kubernetes.io/pid-pressure", UNSCHEDULABLE);

  private NodeTaints() {}

  /** Condition types in a fixed order, so the taints come out the same every time. */
  @SafeVarargs
  private static Map<String, Map<String, String>> orderedMap(Object... kv) {
    Map<String, Map<String, String>> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked") Map<String, String> v = (Map<String, String>) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return m;
  }

  /** The node's taints as they should be, or null when they already are. */
  public static List<Taint> desired(JsonNode node, Instant now) {
    List<Taint> current = new ArrayList<>();
    node.path("spec").path("taints").forEach(t -> current.add(Taint.of(t)));
    List<Taint> wanted = new ArrayList<>();
    NO_SCHEDULE.forEach((type, byStatus) -> {
      String key = byStatus.get(NodeHealth.condition(node, type).path("status").asText(""));
      if (key != null) {
        wanted.add(new Taint(key, "", Taint.NO_SCHEDULE, null));
      }
    });
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      wanted.add(new Taint(UNSCHEDULABLE, "", Taint.NO_SCHEDULE, null));
    }
    String ready = NodeHealth.condition(node, "Ready").path("status").asText("");
    String noExecute = ready.equals("False") ? Taint.NOT_READY : ready.equals("Unknown") ? Taint.UNREACHABLE : null;
    if (noExecute != null) {
      wanted.add(new Taint(noExecute, "", Taint.NO_EXECUTE, NodeHealth.timestamp(now)));
    }
    List<Taint> next = new ArrayList<>();
    boolean changed = false;
    for (Taint t : current) {
      boolean owned = t.effect().equals(Taint.NO_EXECUTE)
          ? t.key().equals(Taint.NOT_READY) || t.key().equals(Taint.UNREACHABLE)
          : t.effect().equals(Taint.NO_SCHEDULE) && OWNED_NO_SCHEDULE.contains(t.key());
      if (owned && wanted.stream().noneMatch(t::matches)) {
        changed = true;
      } else {
        next.add(t);
      }
    }
    for (Taint w : wanted) {
      if (current.stream().noneMatch(w::matches)) {
        next.add(w);
        changed = true;
      }
    }
    return changed ? next : null;
  }
}
