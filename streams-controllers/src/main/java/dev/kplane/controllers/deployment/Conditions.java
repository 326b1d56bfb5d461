package dev.kplane.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Instant;

/** Deployment conditions (deployment_util.go NewDeploymentCondition, SetDeploymentCondition ...), their reasons. */
final class Conditions {
  static final String PROGRESSING = "Progressing";
  static final String AVAILABLE = "Available";
  static final String REPLICA_FAILURE = "ReplicaFailure";

  static final String NEW_RS_REASON = "NewReplicaSetCreated";
  static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
  static final String RS_UPDATED_REASON = "ReplicaSetUpdated";
  static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
  static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
  static final String PAUSED_REASON = "DeploymentPaused";
  static final String RESUMED_REASON = "DeploymentResumed";
  static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
  static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";

  private Conditions() {}

  static ObjectNode condition(String type, String status, String reason, String message, Instant now) {
    return Json.MAPPER.createObjectNode().put("type", type).put("status", status)
        .put("lastUpdateTime", now.toString()).put("lastTransitionTime", now.toString())
        .put("reason", reason).put("message", message);
  }

  static JsonNode get(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    return null;
  }

  /** SetDeploymentCondition: same status and reason is no change; same status keeps lastTransitionTime. */
  static void set(ObjectNode status, ObjectNode condition) {
    JsonNode current = get(status, condition.path("type").asText());
    if (current != null && current.path("status").equals(condition.path("status"))
        && current.path("reason").equals(condition.path("reason"))) {
      return;
    }
    if (current != null && current.path("status").equals(condition.path("status"))) {
      condition.set("lastTransitionTime", current.get("lastTransitionTime"));
    }
    remove(status, condition.path("type").asText());
    conditions(status).add(condition);
  }

  static void remove(ObjectNode status, String type) {
    ArrayNode kept = Json.MAPPER.createArrayNode();
    for (JsonNode c : status.path("conditions")) {
      if (!c.path("type").asText().equals(type)) {
        kept.add(c);
      }
    }
    if (kept.isEmpty()) {
      status.remove("conditions");
    } else {
      status.set("conditions", kept);
    }
  }

  private static ArrayNode conditions(ObjectNode status) {
    return status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
  }

  /** A timestamp field of a condition, or null. */
  static Instant time(JsonNode condition, String field) {
    JsonNode t = condition == null ? null : condition.get(field);
    return t == null || !t.isTextual() ? null : Instant.parse(t.asText());
  }
}
