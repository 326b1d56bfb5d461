package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Equality, ordering and text of JSON values as structured-merge-diff's value package defines them: numbers compare
 * numerically whatever their Java node class (a YAML body's int and a stored long are the same value), and values of
 * different kinds order as number &lt; string &lt; bool &lt; list &lt; map &lt; null.
 */
final class Values {
  private Values() {}

  /** Null or absent. */
  static boolean isNull(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode();
  }

  /** A scalar as a path element holds it: integral numbers as longs, so equal numbers are equal nodes. */
  static JsonNode normalize(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return JsonNodeFactory.instance.numberNode(v.asLong());
    }
    if (v.isFloatingPointNumber()) {
      return JsonNodeFactory.instance.numberNode(v.asDouble());
    }
    return v;
  }

  static boolean equal(JsonNode a, JsonNode b) {
    return compare(a, b) == 0;
  }

  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 0:
        return a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()
            ? Long.compare(a.asLong(), b.asLong()) : Double.compare(a.asDouble(), b.asDouble());
      case 1:
        return a.asText().compareTo(b.asText());
      case 2:
        return Boolean.compare(a.asBoolean(), b.asBoolean());
      case 3:
        return compareLists(a, b);
      case 4:
        return compareMaps(a, b);
      default:
        return 0;
    }
  }

  private static int rank(JsonNode v) {
    if (isNull(v)) {
      return 5;
    }
    if (v.isNumber()) {
      return 0;
    }
    if (v.isTextual() || v.isBinary()) {
      return 1;
    }
    if (v.isBoolean()) {
      return 2;
    }
    return v.isArray() ? 3 : 4;
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() || i >= b.size()) {
        return Integer.compare(a.size(), b.size());
      }
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
  }

  /** Maps compare as their sorted field lists do. */
  private static int compareMaps(JsonNode a, JsonNode b) {
    Iterator<Map.Entry<String, JsonNode>> ia = sorted(a).entrySet().iterator();
    Iterator<Map.Entry<String, JsonNode>> ib = sorted(b).entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, JsonNode> ea = ia.next();
      Map.Entry<String, JsonNode> eb = ib.next();
      int c = ea.getKey().compareTo(eb.getKey());
      if (c == 0) {
        c = compare(ea.getValue(), eb.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  private static TreeMap<String, JsonNode> sorted(JsonNode map) {
    TreeMap<String, JsonNode> out = new TreeMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** JSON as Go's encoding/json writes it (what FieldsV1 keys hold): HTML characters escaped, keys sorted. */
  static String goJson(JsonNode v) {
    StringBuilder b = new StringBuilder();
    writeGoJson(b, v);
    return b.toString();
  }

  private static void writeGoJson(StringBuilder b, JsonNode v) {
    if (isNull(v)) {
      b.append("null");
    } else if (v.isTextual()) {
      quote(b, v.asText());
    } else if (v.isArray()) {
      b.append('[');
      for (int i = 0; i < v.size(); i++) {
        b.append(i == 0 ? "" : ",");
        writeGoJson(b, v.get(i));
      }
      b.append(']');
    } else if (v.isObject()) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted(v).entrySet()) {
        b.append(first ? "" : ",");
        first = false;
        quote(b, e.getKey());
        b.append(':');
        writeGoJson(b, e.getValue());
      }
      b.append('}');
    } else {
      b.append(v.asText());
    }
  }

  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** A value in a path's text, as value.ToString prints it: strings quoted, the rest as JSON. */
  static String text(JsonNode v) {
    return goJson(v);
  }
}
