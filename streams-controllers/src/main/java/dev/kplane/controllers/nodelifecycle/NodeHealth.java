package dev.kplane.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The node lifecycle controller's health check (pkg/controller/nodelifecycle node_lifecycle_controller.go,
 * tryUpdateNodeHealth): a node whose kubelet has not renewed its Lease nor posted a Ready heartbeat within the
 * grace period gets its Ready and pressure conditions set to Unknown.
 */
public final class NodeHealth {
  /**
   * kube-controller-manager's --node-monitor-grace-period: 50 s since v1.32 (kubernetes/kubernetes#126287 raised it
   * from 40 s).
   */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(50);
  static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

  private NodeHealth() {}

  /**
   * When the kubelet last showed it is alive: the later of its Lease's renewTime and its Ready condition's
   * lastHeartbeatTime; the node's creation when it never did.
   */
  public static Instant lastHeartbeat(JsonNode node, JsonNode lease) {
    Instant last = parse(node.path("metadata").path("creationTimestamp").asText(""));
    Instant ready = parse(condition(node, "Ready").path("lastHeartbeatTime").asText(""));
    Instant renewed = lease == null ? null : parse(lease.path("spec").path("renewTime").asText(""));
    for (Instant t : new Instant[] {ready, renewed}) {
      if (t != null && (last == null || t.isAfter(last))) {
        last = t;
      }
    }
    return last == null ? Instant.EPOCH : last;
  }

  public static boolean stale(JsonNode node, JsonNode lease, Instant now, Duration grace) {
    return lastHeartbeat(node, lease).plus(grace).isBefore(now);
  }

  /**
   * The node with Ready, MemoryPressure, DiskPressure and PIDPressure set to Unknown (a missing one added with
   * NodeStatusNeverUpdated), or null when they already are Unknown.
   */
  public static ObjectNode markUnknown(JsonNode node, Instant now) {
    ObjectNode next = node.deepCopy();
    ArrayNode conditions = next.withObject("status").withArray("conditions");
    String time = timestamp(now);
    boolean changed = false;
    for (String type : CONDITIONS) {
      ObjectNode c = find(conditions, type);
      if (c == null) {
        conditions.add(Json.MAPPER.createObjectNode().put("type", type).put("status", "Unknown")
            .put("lastHeartbeatTime", time).put("lastTransitionTime", time)
            .put("reason", "NodeStatusNeverUpdated").put("message", "Kubelet never posted node status."));
        changed = true;
      } else if (!c.path("status").asText().equals("Unknown")) {
        c.put("status", "Unknown").put("reason", "NodeStatusUnknown")
            .put("message", "Kubelet stopped posting node status.").put("lastTransitionTime", time);
        changed = true;
      }
    }
    return changed ? next : null;
  }

  /** The condition of that type, or a missing node. */
  public static JsonNode condition(JsonNode node, String type) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    return Json.MAPPER.missingNode();
  }

  private static ObjectNode find(ArrayNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (c.path("type").asText().equals(type)) {
        return (ObjectNode) c;
      }
    }
    return null;
  }

  static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  static Instant parse(String t) {
    try {
      return t.isEmpty() ? null : Instant.parse(t);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
