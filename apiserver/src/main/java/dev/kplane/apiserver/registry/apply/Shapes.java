package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the walkers (merge, compare, field set, removal) treat a position: as a leaf (a scalar, an atomic struct, map
 * or list, or a value whose shape does not fit its schema), as a map merged key by key, or as an associative list
 * merged item by item. Also what identifies a list item.
 */
final class Shapes {
  enum Shape { LEAF, MAP, LIST }

  private Shapes() {}

  /** The shape of a position holding lhs and rhs (either may be absent: Java null). */
  static Shape of(TypeNode t, JsonNode lhs, JsonNode rhs) {
    if (t instanceof TypeNode.Struct s) {
      return !s.atomic() && objectOrNull(lhs) && objectOrNull(rhs) ? Shape.MAP : Shape.LEAF;
    }
    if (t instanceof TypeNode.MapOf m) {
      return !m.atomic() && objectOrNull(lhs) && objectOrNull(rhs) ? Shape.MAP : Shape.LEAF;
    }
    if (t instanceof TypeNode.ListOf l) {
      return !l.atomic() && arrayOrNull(lhs) && arrayOrNull(rhs) ? Shape.LIST : Shape.LEAF;
    }
    if (t instanceof TypeNode.Deduced) {
      boolean someObject = (lhs != null && lhs.isObject()) || (rhs != null && rhs.isObject());
      return someObject && objectOrNull(lhs) && objectOrNull(rhs) ? Shape.MAP : Shape.LEAF;
    }
    return Shape.LEAF;
  }

  private static boolean objectOrNull(JsonNode v) {
    return v == null || v.isNull() || v.isObject();
  }

  private static boolean arrayOrNull(JsonNode v) {
    return v == null || v.isNull() || v.isArray();
  }

  /** A map or list that is absent, null or empty. */
  static boolean empty(JsonNode v) {
    return v == null || v.isNull() || v.isEmpty();
  }

  /** The type of a map's value at a key: a struct's field, a map's element, or deduced. */
  static TypeNode fieldType(TypeNode t, String key) {
    return t.child(PathElement.field(key));
  }

  /** The path element of a list item: its keys' values, or its own value in a set. */
  static PathElement itemElement(TypeNode.ListOf list, JsonNode item) {
    if (!list.keys().isEmpty()) {
      if (item == null || item.isNull()) {
        throw new SchemaError("associative list with keys may not have a null element");
      }
      if (!item.isObject()) {
        throw new SchemaError("associative list with keys may not have non-map elements");
      }
      Map<String, JsonNode> keys = new LinkedHashMap<>();
      for (String k : list.keys()) {
        JsonNode v = item.get(k);
        if (v == null) {
          v = list.keyDefaults().get(k);
        }
        if (v == null) {
          throw new SchemaError("associative list with keys has an element that omits key field \"" + k
              + "\" (and doesn't have default value)");
        }
        keys.put(k, v);
      }
      return PathElement.key(keys);
    }
    if (item == null || item.isNull()) {
      throw new SchemaError("associative list without keys has an element that's an explicit null");
    }
    if (item.isObject()) {
      throw new SchemaError("associative list without keys has an element that's a map type");
    }
    if (item.isArray()) {
      throw new SchemaError("not supported: associative list with lists as elements");
    }
    return PathElement.value(item);
  }

  /** The path elements of a list's items, in order; a bad item is an error at the list's path. */
  static List<PathElement> itemElements(TypeNode.ListOf list, JsonNode items, List<PathElement> path) {
    List<PathElement> out = new ArrayList<>();
    if (items == null || !items.isArray()) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      try {
        out.add(itemElement(list, items.get(i)));
      } catch (SchemaError e) {
        throw new SchemaError(PathElement.pathString(path) + ": element " + i + ": " + e.getMessage());
      }
    }
    return out;
  }

  static List<PathElement> append(List<PathElement> path, PathElement pe) {
    List<PathElement> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(pe);
    return out;
  }

  /** A value that does not fit its schema, as structured-merge-diff's ValidationErrors report it. */
  static final class SchemaError extends IllegalArgumentException {
    SchemaError(String message) {
      super(message);
    }
  }
}
