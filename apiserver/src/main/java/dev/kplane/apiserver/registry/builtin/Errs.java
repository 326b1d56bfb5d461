package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * field.Error constructors missing from FieldError (NotSupported, Duplicate, NotFound, TooLong) and Go's %#v
 * renderings of the structured values kube puts into messages, so they read as kube-apiserver's do.
 */
final class Errs {
  static final String NEGATIVE = "must be greater than or equal to 0";
  static final String IMMUTABLE = "field is immutable";

  private Errs() {}

  static FieldError notSupported(String field, Object value, List<String> supported) {
    String detail = "supported values: " + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    return new FieldError(field, "Unsupported value", value, detail);
  }

  static FieldError duplicate(String field, Object value) {
    return new FieldError(field, "Duplicate value", value, "");
  }

  static FieldError notFound(String field, Object value) {
    return new FieldError(field, "Not found", value, "");
  }

  static FieldError tooLong(String field, int max) {
    return new FieldError(field, FieldError.TOO_LONG, null, "may not be more than " + max + " bytes");
  }

  /** ValidateNonnegativeField. */
  static void nonNegative(List<FieldError> errs, JsonNode parent, String field, String path) {
    JsonNode v = parent == null ? null : parent.get(field);
    if (v != null && v.isNumber() && v.asLong() < 0) {
      errs.add(FieldError.invalid(path, v.asLong(), NEGATIVE));
    }
  }

  /** ValidateDNS1123Label at a path. */
  static void dnsLabel(List<FieldError> errs, String value, String path) {
    NameValidation.isDns1123Label(value).forEach(m -> errs.add(FieldError.invalid(path, value, m)));
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** validation.RegexError: each example followed by ", " and joined by " or ". */
  static String regexError(String msg, String fmt, String... examples) {
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      s.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  /** %#v of a map[string]string: keys sorted, nil printed as a typed nil. */
  static FieldError.GoValue goStringMap(JsonNode map) {
    if (map == null || !map.isObject()) {
      return new FieldError.GoValue("map[string]string(nil)");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    return new FieldError.GoValue("map[string]string{" + sorted.entrySet().stream()
        .map(e -> goQuote(e.getKey()) + ":" + goQuote(e.getValue())).collect(Collectors.joining(", ")) + "}");
  }

  /** %#v of a v1.LabelSelector, as "field is immutable" and "empty selector" messages print it. */
  static FieldError.GoValue goLabelSelector(JsonNode selector) {
    List<String> exprs = new ArrayList<>();
    for (JsonNode e : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(goQuote(v.asText())));
      exprs.add("v1.LabelSelectorRequirement{Key:" + goQuote(e.path("key").asText()) + ", Operator:"
          + goQuote(e.path("operator").asText()) + ", Values:"
          + (e.path("values").isArray() ? "[]string{" + String.join(", ", values) + "}" : "[]string(nil)") + "}");
    }
    String expressions = selector.path("matchExpressions").isArray()
        ? "[]v1.LabelSelectorRequirement{" + String.join(", ", exprs) + "}" : "[]v1.LabelSelectorRequirement(nil)";
    return new FieldError.GoValue("v1.LabelSelector{MatchLabels:" + goStringMap(selector.get("matchLabels")) + ", MatchExpressions:"
        + expressions + "}");
  }

  /** %#v of an intstr.IntOrString (Type 0 is an int, 1 a string). */
  static FieldError.GoValue goIntOrString(JsonNode v) {
    boolean isString = v != null && v.isTextual();
    long intVal = v != null && v.isNumber() ? v.asLong() : 0;
    String strVal = isString ? v.asText() : "";
    return new FieldError.GoValue("intstr.IntOrString{Type:" + (isString ? 1 : 0) + ", IntVal:" + intVal + ", StrVal:"
        + goQuote(strVal) + "}");
  }

  static String goQuote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
