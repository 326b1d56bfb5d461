package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and filling JSON trees with Go's zero-value semantics: a missing field, a null and Go's zero value
 * ("" for strings, 0 for plain integers) all mean "unset", which is when a default applies.
 */
final class Nodes {
  private Nodes() {}

  /** The object at field, or null when absent or not an object (a Go nil pointer). */
  static ObjectNode child(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n instanceof ObjectNode o ? o : null;
  }

  /** The object at field, created when absent or null (Go: allocating the struct a pointer points to). */
  static ObjectNode childOrCreate(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    return n instanceof ObjectNode o ? o : parent.putObject(field);
  }

  /** The objects of the array at field; absent or non-array fields give none. */
  static List<ObjectNode> items(JsonNode parent, String field) {
    List<ObjectNode> out = new ArrayList<>();
    JsonNode n = parent == null ? null : parent.get(field);
    if (n instanceof ArrayNode a) {
      a.forEach(e -> {
        if (e instanceof ObjectNode o) {
          out.add(o);
        }
      });
    }
    return out;
  }

  static String text(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n == null || n.isNull() || n.isContainerNode() ? "" : n.asText();
  }

  static boolean isUnset(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull();
  }

  /** A string field that is missing, null or "". */
  static boolean isEmptyString(JsonNode parent, String field) {
    return text(parent, field).isEmpty();
  }

  /** A plain (non-pointer) integer field that is missing, null or 0. */
  static boolean isZeroInt(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull() || (n.isNumber() && n.asLong() == 0);
  }

  static boolean isEmptyContainer(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n == null || n.isNull() || (n.isContainerNode() && n.isEmpty());
  }

  static void defaultString(ObjectNode obj, String field, String value) {
    if (isEmptyString(obj, field)) {
      obj.put(field, value);
    }
  }

  /** For pointer fields (*int32, *int64): only an absent or null value is unset, an explicit 0 stays. */
  static void defaultLong(ObjectNode obj, String field, long value) {
    if (isUnset(obj, field)) {
      putNumber(obj, field, value);
    }
  }

  /** An int node when the value fits, as the JSON parser would make it, so stored and defaulted trees compare equal. */
  static void putNumber(ObjectNode obj, String field, long value) {
    if (value == (int) value) {
      obj.put(field, (int) value);
    } else {
      obj.put(field, value);
    }
  }

  static void defaultBool(ObjectNode obj, String field, boolean value) {
    if (isUnset(obj, field)) {
      obj.put(field, value);
    }
  }

  /** For plain int32 fields, where 0 cannot be told from unset. */
  static void defaultNonZero(ObjectNode obj, String field, long value) {
    if (isZeroInt(obj, field)) {
      putNumber(obj, field, value);
    }
  }

  /** A map of strings (labels, selectors); absent or not an object gives an empty map. */
  static Map<String, String> stringMap(JsonNode m) {
    Map<String, String> out = new LinkedHashMap<>();
    if (m != null && m.isObject()) {
      m.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
