package dev.kplane.controllers.objects;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** metav1.LabelSelector matching (LabelSelectorAsSelector + Matches), on the JSON form. */
public final class LabelSelectors {
  private LabelSelectors() {}

  /**
   * Whether labels match the selector. As in kube, a null selector matches nothing and an empty one
   * ({@code {}}) matches everything.
   */
  public static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return false;
    }
    for (Map.Entry<String, String> e : Objects.strings(selector.path("matchLabels")).entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode req : selector.path("matchExpressions")) {
      if (!matchesRequirement(req, labels)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesRequirement(JsonNode req, Map<String, String> labels) {
    String key = req.path("key").asText();
    Set<String> values = new HashSet<>();
    req.path("values").forEach(v -> values.add(v.asText()));
    String value = labels.get(key);
    return switch (req.path("operator").asText()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
