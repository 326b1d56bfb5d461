package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.List;
import java.util.regex.Pattern;

/** apps validation's checks of intstr values such as maxSurge: "25%" or 1. */
final class IntOrPercent {
  private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

  private IntOrPercent() {}

  /** ValidatePositiveIntOrPercent. */
  static void validatePositive(List<FieldError> errs, JsonNode v, String path) {
    if (v == null || v.isNull() || v.isNumber()) {
      if (v != null && v.asLong() < 0) {
        errs.add(FieldError.invalid(path, v.asLong(), Errs.NEGATIVE));
      }
    } else if (v.isTextual()) {
      if (!PERCENT.matcher(v.asText()).matches()) {
        errs.add(FieldError.invalid(path, Errs.goIntOrString(v), Errs.regexError(
            "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")));
      }
    } else {
      errs.add(FieldError.invalid(path, Errs.goIntOrString(v), "must be an integer or percentage (e.g '5%')"));
    }
  }

  /** getIntOrPercentValue: the percentage's number or the integer. */
  static long value(JsonNode v) {
    if (v == null || v.isNull()) {
      return 0;
    }
    if (v.isTextual()) {
      String s = v.asText();
      if (PERCENT.matcher(s).matches()) {
        return Long.parseLong(s.substring(0, s.length() - 1));
      }
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return v.asLong();
  }

  static void notMoreThan100(List<FieldError> errs, JsonNode v, String path) {
    if (v != null && v.isTextual() && PERCENT.matcher(v.asText()).matches() && value(v) > 100) {
      errs.add(FieldError.invalid(path, Errs.goIntOrString(v), "must not be greater than 100%"));
    }
  }
}
