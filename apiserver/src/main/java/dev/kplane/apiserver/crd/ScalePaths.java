package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale subresource's paths into a custom resource (specReplicasPath, statusReplicasPath, labelSelectorPath):
 * reading and writing them as unstructured.NestedInt64/SetNestedField do, and the checks the custom resource
 * validator makes on them.
 */
final class ScalePaths {
  private static final long MAX_INT32 = Integer.MAX_VALUE;

  private ScalePaths() {}

  /** The value at a simple dotted path (".spec.replicas"), or null when absent. */
  static JsonNode at(JsonNode obj, String path) {
    JsonNode cur = obj;
    for (String f : segments(path)) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(f);
    }
    return cur;
  }

  /** Sets an int64 at a dotted path, creating the objects on the way. */
  static void set(ObjectNode obj, String path, long value) {
    List<String> fields = segments(path);
    ObjectNode cur = obj;
    for (String f : fields.subList(0, fields.size() - 1)) {
      cur = cur.get(f) instanceof ObjectNode o ? o : cur.putObject(f);
    }
    cur.put(fields.get(fields.size() - 1), value);
  }

  static List<String> segments(String path) {
    return List.of((path.startsWith(".") ? path.substring(1) : path).split("\\."));
  }

  /** customResourceValidator's ValidateScaleSpec and ValidateScaleStatus. */
  static List<FieldError> validate(JsonNode scale, JsonNode obj) {
    List<FieldError> errors = new ArrayList<>();
    if (scale == null || !scale.isObject()) {
      return errors;
    }
    replicas(scale.path("specReplicasPath").asText(""), obj, errors);
    replicas(scale.path("statusReplicasPath").asText(""), obj, errors);
    String selectorPath = scale.path("labelSelectorPath").asText("");
    if (!selectorPath.isEmpty()) {
      JsonNode selector = at(obj, selectorPath);
      if (selector != null && !selector.isNull() && !selector.isTextual()) {
        errors.add(FieldError.invalid(selectorPath, "", accessorError(selectorPath, selector, "string")));
      }
    }
    return errors;
  }

  private static void replicas(String path, JsonNode obj, List<FieldError> errors) {
    if (path.isEmpty()) {
      return;
    }
    JsonNode v = at(obj, path);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      errors.add(FieldError.invalid(path, 0L, accessorError(path, v, "int64")));
    } else if (v.asLong() < 0) {
      errors.add(FieldError.invalid(path, v.asLong(), "should be a non-negative integer"));
    } else if (v.asLong() > MAX_INT32) {
      errors.add(FieldError.invalid(path, v.asLong(), "should be less than or equal to " + MAX_INT32));
    }
  }

  /** unstructured's "%v accessor error: %v is of the type %T, expected %s". */
  private static String accessorError(String path, JsonNode v, String expected) {
    String goType = v.isTextual() ? "string" : v.isBoolean() ? "bool" : v.isNumber() ? (v.isIntegralNumber() ? "int64" : "float64")
        : v.isArray() ? "[]interface {}" : "map[string]interface {}";
    String shown = v.isTextual() ? v.asText() : v.isArray() || v.isObject() ? GoFormat.sharpV(v) : v.isNumber() && !v.isIntegralNumber()
        ? GoFormat.floatText(v.asDouble()) : v.asText();
    return "." + String.join(".", segments(path)) + " accessor error: " + shown + " is of the type " + goType
        + ", expected " + expected;
  }
}
