package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.GoFloat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** How Go prints the values that custom resource validation messages carry. */
final class GoFormat {
  private GoFormat() {}

  /** strconv.Quote / %q. */
  static String quote(String s) {
    return dev.kplane.apiserver.api.NameValidation.quote(s);
  }

  /** %v of a float64. */
  static String floatText(double d) {
    return GoFloat.format(d);
  }

  /** A float64 as a field error's bad value prints it (%v). */
  static FieldError.GoValue floatValue(double d) {
    return new FieldError.GoValue(floatText(d));
  }

  /**
   * A decoded JSON value as field.Error prints a bad value: strings quoted, int64/float64/bool with %v, null as
   * "null", maps and slices with %#v ({@code map[string]interface {}{"a":1}}).
   */
  static Object badValue(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return floatValue(v.doubleValue());
    }
    return new FieldError.GoValue(sharpV(v));
  }

  /** %#v of an interface{} holding a decoded JSON value. */
  static String sharpV(JsonNode v) {
    if (v == null || v.isNull()) {
      return "interface {}(nil)";
    }
    if (v.isTextual()) {
      return quote(v.asText());
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return Long.toString(v.asLong());
    }
    if (v.isNumber()) {
      return floatText(v.doubleValue());
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.asBoolean());
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[]interface {}{");
      for (int i = 0; i < v.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(sharpV(v.get(i)));
      }
      return b.append('}').toString();
    }
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sorted.put(e.getKey(), e.getValue());
    }
    StringBuilder b = new StringBuilder("map[string]interface {}{");
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
      b.append(first ? "" : ", ").append(quote(e.getKey())).append(':').append(sharpV(e.getValue()));
      first = false;
    }
    return b.append('}').toString();
  }
}
