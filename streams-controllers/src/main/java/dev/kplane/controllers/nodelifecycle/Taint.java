package dev.kplane.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;

/** A node taint; timeAdded is set on NoExecute taints only, and null otherwise. */
public record Taint(String key, String value, String effect, String timeAdded) {
  public static final String NO_EXECUTE = "NoExecute";
  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final String NOT_READY = "node.kubernetes.io/not-ready";

  public static Taint of(JsonNode t) {
    return new Taint(t.path("key").asText(""), t.path("value").asText(""), t.path("effect").asText(""),
        t.hasNonNull("timeAdded") ? t.get("timeAdded").asText() : null);
  }

  /** The same taint (key and effect), whatever its value and time. */
  public boolean matches(Taint other) {
    return key.equals(other.key) && effect.equals(other.effect);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode().put("key", key);
    if (!value.isEmpty()) {
      n.put("value", value);
    }
    n.put("effect", effect);
    if (timeAdded != null) {
      n.put("timeAdded", timeAdded);
    }
    return n;
  }
}
