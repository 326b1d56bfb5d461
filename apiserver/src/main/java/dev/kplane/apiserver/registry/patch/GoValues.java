package dev.kplane.apiserver.registry.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * strategicpatch works on Go's decoded JSON ({@code map[string]interface{}}, {@code []interface{}}, int64, float64,
 * string, bool, nil). These helpers give JSON trees the same identity, type and text, so that list matching and
 * error messages come out as kube-apiserver's.
 */
public final class GoValues {
  private GoValues() {}

  /** The dynamic Go type of a decoded value, as reflect prints it; null for nil. */
  static String typeName(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isObject()) {
      return "map[string]interface {}";
    }
    if (v.isArray()) {
      return "[]interface {}";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    return v.isIntegralNumber() ? "int64" : "float64";
  }

  static boolean sameType(JsonNode a, JsonNode b) {
    String ta = typeName(a);
    return ta == null ? typeName(b) == null : ta.equals(typeName(b));
  }

  /** Go's {@code ==} on interface values: equal type and value (an int64 never equals a float64). */
  static boolean equal(JsonNode a, JsonNode b) {
    if (!sameType(a, b)) {
      return false;
    }
    if (a == null || a.isNull()) {
      return true;
    }
    if (a.isIntegralNumber()) {
      return a.bigIntegerValue().equals(b.bigIntegerValue());
    }
    if (a.isNumber()) {
      return a.doubleValue() == b.doubleValue();
    }
    // Go panics comparing maps or slices; deep equality is the sane reading.
    return a.equals(b);
  }

  static int indexOf(List<JsonNode> list, JsonNode v) {
    for (int i = 0; i < list.size(); i++) {
      if (equal(list.get(i), v)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code fmt.Sprintf("%v", v)}: maps as map[k:v ...] with sorted keys, slices as [a b], nil as <nil>. */
  public static String format(JsonNode v) {
    if (v == null || v.isNull()) {
      return "<nil>";
    }
    if (v.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sorted.put(e.getKey(), e.getValue());
      }
      List<String> parts = new ArrayList<>();
      sorted.forEach((k, value) -> parts.add(k + ":" + format(value)));
      return "map[" + String.join(" ", parts) + "]";
    }
    if (v.isArray()) {
      return format(iterable(v));
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() || v.isBoolean()) {
      return v.asText();
    }
    return dev.kplane.apiserver.api.GoFloat.format(v.doubleValue());
  }

  static String format(Iterable<JsonNode> list) {
    List<String> parts = new ArrayList<>();
    list.forEach(e -> parts.add(format(e)));
    return "[" + String.join(" ", parts) + "]";
  }

  /** {@code %s} of a value: strings as they are, other types in Go's bad-verb form, e.g. %!s(int64=1). */
  static String formatString(JsonNode v) {
    if (v != null && v.isTextual()) {
      return v.textValue();
    }
    if (v == null || v.isNull()) {
      return "%!s(<nil>)";
    }
    if (v.isContainerNode()) {
      return format(v);
    }
    return "%!s(" + typeName(v) + "=" + format(v) + ")";
  }

  static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    array.forEach(out::add);
    return out;
  }
}
