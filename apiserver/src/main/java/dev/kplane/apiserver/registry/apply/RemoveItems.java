package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.List;
import java.util.Map;

/**
 * A value without the fields and items of a set (structured-merge-diff's TypedValue.RemoveItems). Only what lies on
 * the set's paths is visited; a map or list left empty by the removal goes too.
 */
final class RemoveItems {
  private RemoveItems() {}

  /** v without the paths of toRemove; null when nothing is left. v is not changed. */
  static JsonNode remove(JsonNode v, FieldSet toRemove, TypeNode t) {
    if (v == null) {
      return null;
    }
    Shapes.Shape shape = Shapes.of(t, v, v);
    if (t instanceof TypeNode.Scalar || (shape == Shapes.Shape.LEAF && !isAtomicContainer(t, v))) {
      return v.deepCopy();
    }
    if (!v.isObject() && !v.isArray() || v.isEmpty() || shape == Shapes.Shape.LEAF) {
      return null;
    }
    if (shape == Shapes.Shape.MAP) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> e : iterable(v)) {
        PathElement pe = PathElement.field(e.getKey());
        if (toRemove.has(List.of(pe))) {
          continue;
        }
        FieldSet below = toRemove.withPrefix(pe);
        JsonNode child = below.isEmpty() ? e.getValue().deepCopy() : remove(e.getValue(), below, t.child(pe));
        if (child != null) {
          out.set(e.getKey(), child);
        }
      }
      return out.isEmpty() ? null : out;
    }
    TypeNode.ListOf list = (TypeNode.ListOf) t;
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode item : v) {
      PathElement pe = Shapes.itemElement(list, item);
      if (toRemove.has(List.of(pe))) {
        continue;
      }
      FieldSet below = toRemove.withPrefix(pe);
      JsonNode child = below.isEmpty() ? item.deepCopy() : remove(item, below, list.element());
      if (child != null) {
        out.add(child);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** An atomic struct, map or list holding a value of its own shape: removed whole when the walk reaches it. */
  private static boolean isAtomicContainer(TypeNode t, JsonNode v) {
    boolean atomic = (t instanceof TypeNode.Struct s && s.atomic()) || (t instanceof TypeNode.MapOf m && m.atomic())
        || (t instanceof TypeNode.ListOf l && l.atomic());
    return atomic && (v.isObject() || v.isArray());
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
