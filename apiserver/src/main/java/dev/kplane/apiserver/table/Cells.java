package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Reading fields the way Go's decoder leaves them (absent is the zero value) and the formatting helpers
 * printers.go shares: labels.FormatLabels, metav1.FormatLabelSelector, layoutContainerCells.
 */
final class Cells {
  static final String NONE = "<none>";

  private Cells() {}

  /** The string at a path of field names; "" when absent or not a string, as for a Go string field. */
  static String text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isValueNode() && !n.isNull() ? n.asText() : "";
  }

  /** The integer at a path; 0 when absent. */
  static long integer(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isNumber() ? n.asLong() : 0;
  }

  static boolean bool(JsonNode node, String... path) {
    return at(node, path).asBoolean(false);
  }

  static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n;
  }

  /** Whether an optional (pointer) field is set: present and not null. */
  static boolean has(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return !n.isMissingNode() && !n.isNull();
  }

  static String name(JsonNode obj) {
    return text(obj, "metadata", "name");
  }

  static String age(JsonNode obj, java.time.Instant now) {
    return HumanDuration.since(text(obj, "metadata", "creationTimestamp"), now);
  }

  static boolean deleting(JsonNode obj) {
    return has(obj, "metadata", "deletionTimestamp");
  }

  /** The number of entries of a map or list field. */
  static long count(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isContainerNode() ? n.size() : 0;
  }

  /** labels.FormatLabels: "k=v" pairs sorted as strings, joined by commas; "<none>" when empty. */
  static String labels(JsonNode map) {
    List<String> pairs = new ArrayList<>();
    map.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    pairs.sort(Comparator.naturalOrder());
    return pairs.isEmpty() ? NONE : String.join(",", pairs);
  }

  /**
   * metav1.FormatLabelSelector: the selector's requirements sorted by key, "<none>" for a null or empty selector,
   * "<error>" for an invalid one.
   */
  static String selector(JsonNode selector) {
    String s = selectorString(selector);
    return s == null ? "<error>" : s.isEmpty() ? NONE : s;
  }

  /**
   * LabelSelectorAsSelector(...).String(): "" for a null or empty selector, null when invalid (Go returns an error).
   */
  static String selectorString(JsonNode selector) {
    try {
      LabelSelector.fromJson(selector); // the same validation the conversion does
    } catch (IllegalArgumentException invalid) {
      return null;
    }
    if (selector == null || !selector.isObject()) {
      return "";
    }
    // a stable sort by key, matchLabels before matchExpressions as Go appends them
    TreeMap<String, List<String>> byKey = new TreeMap<>();
    selector.path("matchLabels").fields().forEachRemaining(e ->
        byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = expr.path("key").asText();
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      values.sort(Comparator.naturalOrder());
      String req = switch (expr.path("operator").asText()) {
        case "In" -> key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> key;
        default -> "!" + key; // DoesNotExist; any other operator failed validation above
      };
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(req);
    }
    List<String> all = new ArrayList<>();
    byKey.values().forEach(all::addAll);
    return String.join(",", all);
  }

  /** layoutContainerCells: the names and the images of the containers, each joined by commas. */
  static String[] containers(JsonNode containers) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode c : containers) {
      names.add(text(c, "name"));
      images.add(text(c, "image"));
    }
    return new String[] {String.join(",", names), String.join(",", images)};
  }

  /** intstr.IntOrString.String(). */
  static String intOrString(JsonNode v) {
    return v.isNumber() ? String.valueOf(v.asLong()) : v.asText();
  }

  /** printBoolPtr: "True", "False" or "<unset>". */
  static String boolPtr(JsonNode v) {
    if (v.isMissingNode() || v.isNull()) {
      return "<unset>";
    }
    return v.asBoolean() ? "True" : "False";
  }

  /** Whether the conditions list has one of the type with status "True" (the first of that type decides). */
  static boolean condition(JsonNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (type.equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  /** "a + N more..." lists: listWithMoreString. */
  static String withMore(List<String> list, boolean more, int count, int max) {
    String ret = String.join(",", list);
    if (more) {
      return ret + " + " + (count - max) + " more...";
    }
    return ret.isEmpty() ? "<unset>" : ret;
  }
}
