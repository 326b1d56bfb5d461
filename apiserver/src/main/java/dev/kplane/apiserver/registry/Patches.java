package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.patch.PatchMeta;
import dev.kplane.apiserver.registry.patch.StrategicMergePatch;
import dev.kplane.apiserver.registry.patch.StrategicMergePatchError;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.Iterator;
import java.util.Map;

/**
 * Patch application: JSON patch (RFC 6902), JSON merge patch (RFC 7386), and strategic merge patch for the
 * built-in types (custom resources have no patch metadata, so kube-apiserver does not accept it for them).
 */
public final class Patches {
  public static final String MERGE = "application/merge-patch+json";
  public static final String STRATEGIC = "application/strategic-merge-patch+json";
  public static final String JSON_PATCH = "application/json-patch+json";
  /** Server-side apply: the body is the applied configuration, see {@link ObjectStore#apply}. */
  public static final String APPLY = "application/apply-patch+yaml";

  private Patches() {}

  /** Applies a patch of the given media type to a private copy of the current object of the given type. */
  public static ObjectNode apply(String contentType, ResourceType type, ObjectNode current, JsonNode patch) {
    if (contentType.equals(JSON_PATCH)) {
      return jsonPatch(current, patch);
    }
    if (!patch.isObject()) {
      throw Status.badRequest("the patch must be a JSON object");
    }
    switch (contentType) {
      case MERGE -> {
        return (ObjectNode) mergePatch(current, patch);
      }
      case STRATEGIC -> {
        PatchMeta.Node schema = PatchMeta.forKind(type.group(), type.kind());
        if (schema == null) {
          throw StrategicMergePatchError.unsupportedMediaType();
        }
        try {
          return StrategicMergePatch.apply(current, (ObjectNode) patch, schema);
        } catch (StrategicMergePatchError e) {
          throw e.toApiException();
        }
      }
      default -> throw Status.unsupportedMediaType(contentType);
    }
  }

  /** RFC 6902: a list of operations applied in order; any failure rejects the whole patch. */
  static ObjectNode jsonPatch(ObjectNode current, JsonNode ops) {
    if (!ops.isArray()) {
      throw Status.badRequest("the JSON patch must be an array of operations");
    }
    JsonNode doc = current.deepCopy();
    for (JsonNode op : ops) {
      String path = op.path("path").asText(null);
      if (path == null) {
        throw Status.badRequest("JSON patch operation has no path: " + op);
      }
      switch (op.path("op").asText()) {
        case "add" -> doc = add(doc, path, value(op));
        case "remove" -> doc = remove(doc, path);
        case "replace" -> doc = add(remove(doc, path), path, value(op));
        case "move" -> {
          JsonNode moved = get(doc, from(op));
          doc = add(remove(doc, from(op)), path, moved);
        }
        case "copy" -> doc = add(doc, path, get(doc, from(op)).deepCopy());
        case "test" -> {
          if (!get(doc, path).equals(value(op))) {
            throw Status.invalidPatch("testing value " + path + " failed");
          }
        }
        default -> throw Status.badRequest("unexpected JSON patch operation: " + op.path("op").asText());
      }
    }
    if (!(doc instanceof ObjectNode result)) {
      throw Status.invalidPatch("the patched document is not an object");
    }
    return result;
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw Status.badRequest("JSON patch operation has no value: " + op);
    }
    return op.get("value");
  }

  private static String from(JsonNode op) {
    String from = op.path("from").asText(null);
    if (from == null) {
      throw Status.badRequest("JSON patch operation has no from: " + op);
    }
    return from;
  }

  /** RFC 6901 pointer tokens: "/a/b~1c" is ["a", "b/c"]. */
  private static String[] tokens(String pointer) {
    if (pointer.isEmpty()) {
      return new String[0];
    }
    if (!pointer.startsWith("/")) {
      throw Status.badRequest("invalid JSON pointer: " + pointer);
    }
    String[] t = pointer.substring(1).split("/", -1);
    for (int i = 0; i < t.length; i++) {
      t[i] = t[i].replace("~1", "/").replace("~0", "~");
    }
    return t;
  }

  private static JsonNode get(JsonNode doc, String pointer) {
    JsonNode n = doc;
    for (String t : tokens(pointer)) {
      n = n.isArray() ? n.get(index(t, n.size() - 1)) : n.get(t);
      if (n == null) {
        throw Status.invalidPatch("path " + pointer + " does not exist");
      }
    }
    return n;
  }

  private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
    String[] t = tokens(pointer);
    if (t.length == 0) {
      return value.deepCopy();
    }
    JsonNode parent = get(doc, parentOf(pointer));
    String last = t[t.length - 1];
    if (parent instanceof ObjectNode o) {
      o.set(last, value.deepCopy());
    } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      if (last.equals("-")) {
        a.add(value.deepCopy());
      } else {
        a.insert(index(last, a.size()), value.deepCopy());
      }
    } else {
      throw Status.invalidPatch("cannot add below a scalar at " + pointer);
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String pointer) {
    String[] t = tokens(pointer);
    if (t.length == 0) {
      throw Status.invalidPatch("cannot remove the whole document");
    }
    JsonNode parent = get(doc, parentOf(pointer));
    String last = t[t.length - 1];
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      a.remove(index(last, a.size() - 1));
    } else {
      throw Status.invalidPatch("path " + pointer + " does not exist");
    }
    return doc;
  }

  private static String parentOf(String pointer) {
    return pointer.substring(0, pointer.lastIndexOf('/'));
  }

  private static int index(String token, int max) {
    try {
      int i = Integer.parseInt(token);
      if (i < 0 || i > max) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw Status.invalidPatch("array index " + token + " is out of bounds");
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
}
