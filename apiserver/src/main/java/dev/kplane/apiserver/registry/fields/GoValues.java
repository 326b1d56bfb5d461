package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Go's {@code fmt.Sprintf("%+v", v)} of a decoded JSON value (map[string]interface{} with int64 integers), which is
 * how kube-apiserver shows a strategic merge patch in the error that rejects it: {@code map[spec:map[foo:bar]]},
 * keys sorted, lists as {@code [a b]}, strings bare, null as {@code <nil>}.
 */
final class GoValues {
  private GoValues() {}

  static String format(JsonNode v) {
    StringBuilder out = new StringBuilder();
    append(out, v);
    return out.toString();
  }

  private static void append(StringBuilder out, JsonNode v) {
    if (v.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      v.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      out.append("map[");
      String sep = "";
      for (var e : sorted.entrySet()) {
        out.append(sep).append(e.getKey()).append(':');
        append(out, e.getValue());
        sep = " ";
      }
      out.append(']');
    } else if (v.isArray()) {
      out.append('[');
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
        append(out, it.next());
        out.append(it.hasNext() ? " " : "");
      }
      out.append(']');
    } else if (v.isNull() || v.isMissingNode()) {
      out.append("<nil>");
    } else if (v.isIntegralNumber()) {
      out.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      out.append(float64(v.doubleValue()));
    } else {
      out.append(v.asText());
    }
  }

  /** %v of a float64 (strconv %g, shortest): exponent form when the decimal exponent is below -4 or at least 6. */
  static String float64(double d) {
    if (d == 0) {
      return "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
    return shortest.toPlainString();
  }
}
