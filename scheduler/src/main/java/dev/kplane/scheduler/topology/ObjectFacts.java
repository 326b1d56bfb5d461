package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/** What the scheduler reads from pod and node JSON to decide which queue moves an event causes. */
final class ObjectFacts {
  private ObjectFacts() {}

  static String nodeName(JsonNode pod) {
    return pod.path("spec").path("nodeName").asText("");
  }

  /** status.nominatedNodeName: the node an earlier preemption freed for the pod ("" when none). */
  static String nominatedNodeName(JsonNode pod) {
    return pod.path("status").path("nominatedNodeName").asText("");
  }

  static String schedulerName(JsonNode pod) {
    return pod.path("spec").path("schedulerName").asText("");
  }

  /** Succeeded or Failed: the scheduler's informer does not see such pods; they hold no resources. */
  static boolean terminal(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  static boolean beingDeleted(JsonNode obj) {
    return !obj.path("metadata").path("deletionTimestamp").asText("").isEmpty();
  }

  /** Pod (anti-)affinity or topology spread: placements of other pods decide whether this one fits. */
  static boolean dependsOnOtherPods(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    return spec.path("topologySpreadConstraints").size() > 0 || spec.path("affinity").has("podAffinity")
        || spec.path("affinity").has("podAntiAffinity");
  }

  static long resourceVersion(JsonNode obj) {
    String rv = obj.path("metadata").path("resourceVersion").asText("0");
    return rv.isEmpty() ? 0 : Long.parseLong(rv);
  }

  static long creationMillis(JsonNode obj) {
    String t = obj.path("metadata").path("creationTimestamp").asText("");
    return t.isEmpty() ? 0 : Instant.parse(t).toEpochMilli();
  }

  /**
   * kube's isPodUpdated: a change other than status, resourceVersion, generation and managedFields, the kind
   * that may make an unschedulable pod fit. The scheduler's own status writes are not one.
   */
  static boolean podSpecChanged(JsonNode before, JsonNode after) {
    return before == null || !Objects.equals(strip(before), strip(after));
  }

  /**
   * nodeSchedulingPropertiesChange: what makes a node updated for pods waiting on it: schedulability, labels,
   * taints, allocatable, conditions (by type and status, not heartbeats).
   */
  static boolean nodeSchedulingChanged(JsonNode before, JsonNode after) {
    if (before == null) {
      return true;
    }
    return !Objects.equals(before.path("spec").path("unschedulable"), after.path("spec").path("unschedulable"))
        || !Objects.equals(before.path("metadata").path("labels"), after.path("metadata").path("labels"))
        || !Objects.equals(before.path("spec").path("taints"), after.path("spec").path("taints"))
        || !Objects.equals(before.path("status").path("allocatable"), after.path("status").path("allocatable"))
        || !conditions(before).equals(conditions(after));
  }

  private static String conditions(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode c : node.path("status").path("conditions")) {
      sb.append(c.path("type").asText()).append('=').append(c.path("status").asText()).append(';');
    }
    return sb.toString();
  }

  private static JsonNode strip(JsonNode pod) {
    ObjectNode copy = ((ObjectNode) pod).deepCopy();
    copy.remove("status");
    if (copy.get("metadata") instanceof ObjectNode m) {
      m.remove("resourceVersion");
      m.remove("generation");
      m.remove("managedFields");
    }
    return copy;
  }
}
