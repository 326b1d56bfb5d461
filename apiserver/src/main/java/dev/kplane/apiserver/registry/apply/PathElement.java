package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a field path (structured-merge-diff's fieldpath.PathElement): a struct field or map key, an item of a
 * list of type map by the values of its keys, an item of a set by its value, or a position in a list. Exactly one
 * of the components is set. Elements order as field &lt; key &lt; value &lt; index, which is the order FieldsV1 lists
 * them in.
 */
public record PathElement(String field, Map<String, JsonNode> key, JsonNode value, Integer index)
    implements Comparable<PathElement> {

  public static PathElement field(String name) {
    return new PathElement(name, null, null, null);
  }

  /** An item of a list of type map; the key values are sorted by key name. */
  public static PathElement key(Map<String, JsonNode> keys) {
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    keys.forEach((k, v) -> sorted.put(k, Values.normalize(v)));
    return new PathElement(null, java.util.Collections.unmodifiableMap(sorted), null, null);
  }

  public static PathElement value(JsonNode v) {
    return new PathElement(null, null, Values.normalize(v), null);
  }

  public static PathElement index(int i) {
    return new PathElement(null, null, null, i);
  }

  @Override
  public int compareTo(PathElement o) {
    int c = Integer.compare(rank(), o.rank());
    if (c != 0) {
      return c;
    }
    if (field != null) {
      return field.compareTo(o.field);
    }
    if (key != null) {
      return compareKeys(key, o.key);
    }
    if (value != null) {
      return Values.compare(value, o.value);
    }
    return Integer.compare(index, o.index);
  }

  private int rank() {
    return field != null ? 0 : key != null ? 1 : value != null ? 2 : 3;
  }

  private static int compareKeys(Map<String, JsonNode> a, Map<String, JsonNode> b) {
    Iterator<Map.Entry<String, JsonNode>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<String, JsonNode>> ib = b.entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, JsonNode> ea = ia.next();
      Map.Entry<String, JsonNode> eb = ib.next();
      int c = ea.getKey().compareTo(eb.getKey());
      if (c == 0) {
        c = Values.compare(ea.getValue(), eb.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathElement pe && compareTo(pe) == 0;
  }

  @Override
  public int hashCode() {
    return serialize().hashCode();
  }

  /** The FieldsV1 key: {@code f:name}, {@code k:{"name":"c"}}, {@code v:"x"}, {@code i:0}. */
  public String serialize() {
    if (field != null) {
      return "f:" + field;
    }
    if (key != null) {
      StringBuilder b = new StringBuilder("k:{");
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : key.entrySet()) {
        b.append(first ? "" : ",");
        first = false;
        Values.quote(b, e.getKey());
        b.append(':').append(Values.goJson(e.getValue()));
      }
      return b.append('}').toString();
    }
    if (value != null) {
      return "v:" + Values.goJson(value);
    }
    return "i:" + index;
  }

  /** Parses a FieldsV1 key; null for an unknown element type, which FieldsV1 readers skip. */
  static PathElement deserialize(String s) {
    if (s.length() < 2 || s.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid path element: " + s);
    }
    String body = s.substring(2);
    switch (s.charAt(0)) {
      case 'f':
        return field(body);
      case 'v':
        return value(Json.parse(body));
      case 'k': {
        JsonNode keys = Json.parse(body);
        if (!keys.isObject()) {
          throw new IllegalArgumentException("invalid key path element: " + s);
        }
        Map<String, JsonNode> m = new TreeMap<>();
        keys.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return key(m);
      }
      case 'i':
        return index(Integer.parseInt(body));
      default:
        return null;
    }
  }

  /** As a conflict names it: {@code .image}, {@code [name="c"]}, {@code [=x]}, {@code [0]}. */
  @Override
  public String toString() {
    if (field != null) {
      return "." + field;
    }
    if (key != null) {
      List<String> parts = new ArrayList<>();
      key.forEach((k, v) -> parts.add(k + "=" + Values.text(v)));
      return "[" + String.join(",", parts) + "]";
    }
    if (value != null) {
      return "[=" + Values.text(value) + "]";
    }
    return "[" + index + "]";
  }

  /** A path as text: the elements' texts joined, e.g. {@code .spec.containers[name="c"].image}. */
  public static String pathString(List<PathElement> path) {
    StringBuilder b = new StringBuilder();
    path.forEach(b::append);
    return b.toString();
  }
}
