package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.Json;
import java.util.Iterator;
import java.util.Map;

/** Patch application: JSON merge patch (RFC 7386), and strategic merge patch where it means the same. */
public final class Patches {
  public static final String MERGE = "application/merge-patch+json";
  public static final String STRATEGIC = "application/strategic-merge-patch+json";

  private Patches() {}

  /** Applies a patch of the given media type to a private copy of the current object. */
  public static ObjectNode apply(String contentType, ObjectNode current, JsonNode patch) {
    if (!patch.isObject()) {
      throw Status.badRequest("the patch must be a JSON object");
    }
    switch (contentType) {
      case MERGE -> {
        return (ObjectNode) mergePatch(current, patch);
      }
      case STRATEGIC -> {
        // Without lists or $-directives a strategic merge patch is a merge patch; the rest needs the
        // built-in types' merge keys, which the API-compatibility work adds.
        if (!plainMaps(patch)) {
          throw Status.unsupportedMediaType(contentType);
        }
        return (ObjectNode) mergePatch(current, patch);
      }
      default -> throw Status.unsupportedMediaType(contentType);
    }
  }

  /** RFC 7386: objects merge recursively, null removes, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : Json.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  private static boolean plainMaps(JsonNode n) {
    if (n.isArray()) {
      return false;
    }
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith("$") || !plainMaps(e.getValue())) {
          return false;
        }
      }
    }
    return true;
  }
}
