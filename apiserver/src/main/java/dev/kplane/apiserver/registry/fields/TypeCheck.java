package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * The type errors kube-apiserver's JSON decoder (encoding/json, as sigs.k8s.io/json runs it) reports when a value
 * does not fit the Go type of its field: {@code json: cannot unmarshal string into Go struct field
 * DeploymentSpec.spec.replicas of type int32}. Like the decoder, it reports the first one; null is accepted
 * anywhere (it decodes to the zero value).
 */
final class TypeCheck {
  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private TypeCheck() {}

  /** The decoder's error for the object, or null when every value fits its field. */
  static String firstError(FieldSchema schema, JsonNode object) {
    return walk(schema, object, null, "");
  }

  private static String walk(FieldSchema schema, JsonNode v, String struct, String path) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (schema instanceof FieldSchema.Struct s) {
      if (!v.isObject()) {
        return mismatch(v, struct, path, s.goType());
      }
      String name = s.goName() != null ? s.goName() : struct;
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        FieldSchema field = s.field(e.getKey());
        String error = field == null ? null
            : walk(field, e.getValue(), name, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
        if (error != null) {
          return error;
        }
      }
      return null;
    }
    if (schema instanceof FieldSchema.MapOf m) {
      if (!v.isObject()) {
        return mismatch(v, struct, path, "map[string]" + typeName(m.values()));
      }
      for (JsonNode value : v) {
        String error = walk(m.values(), value, struct, path);
        if (error != null) {
          return error;
        }
      }
      return null;
    }
    if (schema instanceof FieldSchema.ListOf l) {
      if (!v.isArray()) {
        return mismatch(v, struct, path, "[]" + typeName(l.items()));
      }
      for (JsonNode item : v) {
        String error = walk(l.items(), item, struct, path);
        if (error != null) {
          return error;
        }
      }
      return null;
    }
    if (schema instanceof FieldSchema.Scalar s) {
      return fits(s.goType(), v) ? null : mismatch(v, struct, path, s.goType());
    }
    return null;
  }

  private static boolean fits(String goType, JsonNode v) {
    return switch (goType) {
      case "string" -> v.isTextual();
      case "bool" -> v.isBoolean();
      case "float64" -> v.isNumber();
      case "int32" -> v.isIntegralNumber() && within(v.bigIntegerValue(), INT32_MIN, INT32_MAX);
      case "int64" -> v.isIntegralNumber() && within(v.bigIntegerValue(), INT64_MIN, INT64_MAX);
      default -> true;
    };
  }

  private static boolean within(BigInteger n, BigInteger min, BigInteger max) {
    return n.compareTo(min) >= 0 && n.compareTo(max) <= 0;
  }

  /** encoding/json's UnmarshalTypeError text; a number that does not fit an integer is quoted with its digits. */
  private static String mismatch(JsonNode v, String struct, String path, String goType) {
    String value = v.isTextual() ? "string" : v.isBoolean() ? "bool" : v.isArray() ? "array" : v.isObject() ? "object"
        : (goType.startsWith("int") ? "number " + v.asText() : "number");
    String type = goType == null ? "struct" : goType;
    if (struct == null || path.isEmpty()) {
      return "json: cannot unmarshal " + value + " into Go value of type " + type;
    }
    return "json: cannot unmarshal " + value + " into Go struct field " + struct + "." + path + " of type " + type;
  }

  private static String typeName(FieldSchema s) {
    if (s instanceof FieldSchema.Scalar sc) {
      return sc.goType();
    }
    if (s instanceof FieldSchema.Struct st && st.goType() != null) {
      return st.goType();
    }
    if (s instanceof FieldSchema.ListOf l) {
      return "[]" + typeName(l.items());
    }
    if (s instanceof FieldSchema.MapOf m) {
      return "map[string]" + typeName(m.values());
    }
    return "interface {}";
  }
}
