package dev.kplane.controllers.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;

/**
 * Semantic equality of API objects, as apimachinery's equality.Semantic sees decoded Go structs: a null, an empty
 * map and an empty list are the same as an absent field. (kubectl rollout undo sends back a template with
 * {@code "creationTimestamp": null} and {@code "resources": {}}; it must still equal the stored one.)
 */
public final class Semantic {
  private Semantic() {}

  public static boolean equal(JsonNode a, JsonNode b) {
    return normalize(a).equals(normalize(b));
  }

  /** A copy without nulls, empty objects and empty arrays, at any depth (missing when nothing is left). */
  public static JsonNode normalize(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (n.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      n.fields().forEachRemaining(e -> {
        JsonNode v = normalize(e.getValue());
        if (!v.isMissingNode()) {
          out.set(e.getKey(), v);
        }
      });
      return out.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : out;
    }
    if (n.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      n.forEach(e -> {
        JsonNode v = normalize(e);
        out.add(v.isMissingNode() ? Json.MAPPER.createObjectNode() : v);
      });
      return out.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : out;
    }
    return n;
  }
}
