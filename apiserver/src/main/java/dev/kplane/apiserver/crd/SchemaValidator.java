package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validation of a custom resource against its version's openAPIV3Schema, as kube-apiserver 1.32 does it with
 * kube-openapi's SchemaValidator (validators in its order: type, allOf/anyOf/oneOf/not, string, format, number,
 * array, enum, object), its errors turned into field errors by apiextensions' kubeOpenAPIResultToFieldErrors:
 * {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}.
 * Unsupported formats (int32, float ...) are ignored, as kube strips them before building the validator.
 */
public final class SchemaValidator {
  private static final String IN = "body";
  /** How a nil field.Path prints. */
  private static final String NIL_PATH = "<nil>";

  private SchemaValidator() {}

  /** Every error of a whole object (path "" is the root); empty when it is valid or there is no schema. */
  public static List<FieldError> validate(JsonNode schema, JsonNode value) {
    List<FieldError> out = new ArrayList<>();
    if (schema != null && schema.isObject()) {
      validate(schema, value, "", out);
    }
    return out;
  }

  /**
   * The errors of the status part only, as the status subresource validates it: the status is the validated root
   * (messages name fields relative to it), the field paths are below "status".
   */
  public static List<FieldError> validateStatus(JsonNode rootSchema, JsonNode status) {
    List<FieldError> relative = new ArrayList<>();
    JsonNode schema = rootSchema == null ? null : rootSchema.path("properties").get("status");
    if (schema != null && status != null) {
      validate(schema, status, "", relative);
    }
    return relative.stream().map(e -> new FieldError(e.field().equals(NIL_PATH) ? "status" : "status." + e.field(),
        e.type(), e.value(), e.detail())).toList();
  }

  static void validate(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    if (v == null || v.isNull()) {
      typeOfNull(s, path, out);
      enumOf(s, v, path, out);
      return;
    }
    typeOf(s, v, path, out);
    composition(s, v, path, out);
    if (v.isTextual()) {
      string(s, v.asText(), path, out);
      format(s, v.asText(), path, out);
    }
    if (v.isNumber()) {
      number(s, v, path, out);
    }
    if (v.isArray()) {
      array(s, v, path, out);
    }
    enumOf(s, v, path, out);
    if (v.isObject()) {
      object(s, v, path, out);
    }
  }

  // ---- type ----

  /** The schema's types: [type], or [integer, string] for x-kubernetes-int-or-string. */
  static List<String> types(JsonNode s) {
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return List.of("integer", "string");
    }
    String t = s.path("type").asText("");
    return t.isEmpty() ? List.of() : List.of(t);
  }

  /** The JSON type of a value as kube-openapi infers it from the decoded Go value. */
  static String jsonType(JsonNode v) {
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "number";
    }
    return v.isArray() ? "array" : "object";
  }

  private static void typeOfNull(JsonNode s, String path, List<FieldError> out) {
    List<String> types = types(s);
    if (!types.isEmpty() && !types.contains("null") && !s.path("nullable").asBoolean(false)) {
      typeError(path, String.join(",", types), "null", out);
    }
  }

  private static void typeOf(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    List<String> types = types(s);
    String format = supportedFormat(s);
    if (types.isEmpty() && format.isEmpty()) {
      return;
    }
    String actual = jsonType(v);
    boolean floatInt = actual.equals("number") && isIntegral(v.doubleValue()) && types.contains("integer");
    boolean intFloat = actual.equals("integer") && types.contains("number");
    boolean numeric = types.contains("number") || types.contains("integer");
    if (!format.isEmpty() && !numeric && (v.isTextual() || v.isArray())) {
      return;
    }
    if (!format.isEmpty() && !v.isTextual() && !v.isArray() && !(types.contains(actual) || floatInt || intFloat)) {
      typeError(path, format, actual.equals("integer") ? "int64" : actual.equals("number") ? "float64" : "", out);
      return;
    }
    if (!(types.contains(actual) || floatInt || intFloat)) {
      typeError(path, String.join(",", types), actual, out);
    }
  }

  private static boolean isIntegral(double d) {
    return !Double.isInfinite(d) && d == Math.rint(d);
  }

  /** errors.InvalidType with a string value, reported by apiextensions as a TypeInvalid field error. */
  private static void typeError(String path, String type, String value, List<FieldError> out) {
    out.add(FieldError.invalid(fieldPath(path), value, name(path) + " in " + IN + " must be of type " + type + ": "
        + GoFormat.quote(value)));
  }

  // ---- allOf, anyOf, oneOf, not: errors.New composite errors, which apiextensions reports at the root ----

  private static void composition(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    JsonNode anyOf = s.get("anyOf");
    if (anyOf != null && anyOf.isArray() && !anyOf.isEmpty()) {
      List<FieldError> best = null;
      for (JsonNode alt : anyOf) {
        List<FieldError> r = new ArrayList<>();
        validate(alt, v, path, r);
        if (r.isEmpty()) {
          best = null;
          break;
        }
        if (best == null) {
          best = r;
        }
      }
      if (best != null) {
        out.add(composite("\"" + name(path) + "\" must validate at least one schema (anyOf)"));
        out.addAll(best);
      }
    }
    JsonNode oneOf = s.get("oneOf");
    if (oneOf != null && oneOf.isArray() && !oneOf.isEmpty()) {
      int valid = 0;
      List<FieldError> best = null;
      for (JsonNode alt : oneOf) {
        List<FieldError> r = new ArrayList<>();
        validate(alt, v, path, r);
        if (r.isEmpty()) {
          valid++;
        } else if (valid == 0 && best == null) {
          best = r;
        }
      }
      if (valid != 1) {
        out.add(composite("\"" + name(path) + "\" must validate one and only one schema (oneOf). "
            + (valid == 0 ? "Found none valid" : "Found " + valid + " valid alternatives")));
        if (valid == 0 && best != null) {
          out.addAll(best);
        }
      }
    }
    JsonNode allOf = s.get("allOf");
    if (allOf != null && allOf.isArray() && !allOf.isEmpty()) {
      int valid = 0;
      for (JsonNode alt : allOf) {
        List<FieldError> r = new ArrayList<>();
        validate(alt, v, path, r);
        valid += r.isEmpty() ? 1 : 0;
        out.addAll(r);
      }
      if (valid != allOf.size()) {
        out.add(composite("\"" + name(path) + "\" must validate all the schemas (allOf)" + (valid == 0 ? ". None validated" : "")));
      }
    }
    JsonNode not = s.get("not");
    if (not != null && not.isObject()) {
      List<FieldError> r = new ArrayList<>();
      validate(not, v, path, r);
      if (r.isEmpty()) {
        out.add(composite("\"" + name(path) + "\" must not validate the schema (not)"));
      }
    }
  }

  /** A non-Validation error: field.Invalid(nil path, "", message), which prints its path as {@code <nil>}. */
  private static FieldError composite(String message) {
    return FieldError.invalid(NIL_PATH, "", message);
  }

  // ---- string ----

  private static void string(JsonNode s, String v, String path, List<FieldError> out) {
    long runes = v.codePointCount(0, v.length());
    if (s.has("maxLength") && runes > s.get("maxLength").asLong()) {
      // kube reports the TooLong code as field.TooLong, which omits the value
      out.add(new FieldError(fieldPath(path), FieldError.TOO_LONG, null, "may not be more than "
          + s.get("maxLength").asLong() + " bytes"));
      return;
    }
    if (s.has("minLength") && runes < s.get("minLength").asLong()) {
      out.add(FieldError.invalid(fieldPath(path), v, name(path) + " in " + IN + " should be at least "
          + s.get("minLength").asLong() + " chars long"));
      return;
    }
    String pattern = s.path("pattern").asText("");
    if (!pattern.isEmpty()) {
      try {
        if (!Pattern.compile(pattern).matcher(v).find()) {
          out.add(FieldError.invalid(fieldPath(path), v, name(path) + " in " + IN + " should match '" + pattern + "'"));
        }
      } catch (PatternSyntaxException e) {
        out.add(FieldError.invalid(fieldPath(path), v, name(path) + " in " + IN + " should match '" + pattern
            + ", but pattern is invalid: " + e.getDescription() + "'"));
      }
    }
  }

  private static void format(JsonNode s, String v, String path, List<FieldError> out) {
    String format = supportedFormat(s);
    if (!format.isEmpty() && !Formats.valid(format, v)) {
      out.add(FieldError.invalid(fieldPath(path), v, name(path) + " in " + IN + " must be of type "
          + s.path("format").asText() + ": " + GoFormat.quote(v)));
    }
  }

  /** The format when kube validates it (StripUnsupportedFormatsPostProcess), else "". */
  private static String supportedFormat(JsonNode s) {
    String f = s.path("format").asText("");
    return Formats.supported(f) ? f : "";
  }

  // ---- number ----

  private static void number(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    boolean integer = jsonType(v).equals("integer");
    Object shown = integer ? (Object) v.asLong() : GoFormat.floatValue(v.doubleValue());
    if (s.has("multipleOf")) {
      double factor = s.get("multipleOf").asDouble();
      boolean bad = integer && isIntegral(factor) ? v.asLong() % (long) factor != 0
          : !isIntegral(v.doubleValue() / factor);
      if (factor > 0 && bad) {
        out.add(FieldError.invalid(fieldPath(path), shown, name(path) + " in " + IN + " should be a multiple of "
            + (integer && isIntegral(factor) ? Long.toString((long) factor) : GoFormat.floatText(factor))));
      }
    }
    if (s.has("minimum")) {
      bound(s, v, integer, shown, path, out, "minimum", "exclusiveMinimum", "greater", -1);
    }
    if (s.has("maximum")) {
      bound(s, v, integer, shown, path, out, "maximum", "exclusiveMaximum", "less", 1);
    }
  }

  /** sign 1: the value must not exceed the bound; -1: must not be below it. An integer compares with int64(bound). */
  private static void bound(JsonNode s, JsonNode v, boolean integer, Object shown, String path, List<FieldError> out,
                            String field, String exclusiveField, String word, int sign) {
    double b = s.get(field).asDouble();
    boolean exclusive = s.path(exclusiveField).asBoolean(false);
    int cmp = integer ? Long.compare(v.asLong(), (long) b) : Double.compare(v.doubleValue(), b);
    boolean bad = exclusive ? cmp * sign >= 0 : cmp * sign > 0;
    if (bad) {
      String text = integer ? Long.toString((long) b) : GoFormat.floatText(b);
      out.add(FieldError.invalid(fieldPath(path), shown, name(path) + " in " + IN + " should be " + word + " than "
          + (exclusive ? "" : "or equal to ") + text));
    }
  }

  // ---- array ----

  private static void array(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    JsonNode items = s.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < v.size(); i++) {
        validate(items, v.get(i), path + "[" + i + "]", out);
      }
    }
    if (s.has("minItems") && v.size() < s.get("minItems").asLong()) {
      out.add(FieldError.invalid(fieldPath(path), (long) v.size(), name(path) + " in " + IN + " should have at least "
          + s.get("minItems").asLong() + " items"));
    }
    if (s.has("maxItems") && v.size() > s.get("maxItems").asLong()) {
      out.add(new FieldError(fieldPath(path), "Too many", (long) v.size(), "must have at most "
          + s.get("maxItems").asLong() + " items"));
    }
  }

  // ---- enum ----

  private static void enumOf(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    JsonNode values = s.get("enum");
    if (values == null || !values.isArray() || values.isEmpty()) {
      return;
    }
    for (JsonNode allowed : values) {
      if (sameValue(allowed, v)) {
        return;
      }
    }
    List<String> supported = new ArrayList<>();
    values.forEach(a -> supported.add(a.isTextual() ? a.asText() : a.toString()));
    StringBuilder detail = new StringBuilder("supported values: ");
    for (int i = 0; i < supported.size(); i++) {
      detail.append(i == 0 ? "" : ", ").append(GoFormat.quote(supported.get(i)));
    }
    out.add(new FieldError(fieldPath(path), "Unsupported value", GoFormat.badValue(v), detail.toString()));
  }

  /** reflect.DeepEqual after converting the value to the enum entry's Go type. */
  private static boolean sameValue(JsonNode allowed, JsonNode v) {
    if (v == null || v.isNull()) {
      return allowed.isNull();
    }
    if (allowed.isNumber() && v.isNumber()) {
      return allowed.isIntegralNumber() ? v.asLong() == allowed.asLong() && (v.isIntegralNumber() || isIntegral(v.asDouble()))
          : allowed.asDouble() == v.asDouble();
    }
    return allowed.equals(v);
  }

  // ---- object ----

  private static void object(JsonNode s, JsonNode v, String path, List<FieldError> out) {
    int size = v.size();
    if (s.has("minProperties") && size < s.get("minProperties").asLong()) {
      out.add(FieldError.invalid(fieldPath(path), (long) size, name(path) + " in " + IN + " should have at least "
          + s.get("minProperties").asLong() + " properties"));
    }
    if (s.has("maxProperties") && size > s.get("maxProperties").asLong()) {
      out.add(new FieldError(fieldPath(path), "Too many", (long) size, "must have at most "
          + s.get("maxProperties").asLong() + " items"));
    }
    JsonNode properties = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!properties.has(e.getKey())) {
          validate(additional, e.getValue(), path + "." + e.getKey(), out);
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      if (v.has(p.getKey())) {
        validate(p.getValue(), v.get(p.getKey()), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), out);
      }
    }
    for (JsonNode required : s.path("required")) {
      if (!v.has(required.asText())) {
        out.add(FieldError.required(fieldPath(path + "." + required.asText()), ""));
      }
    }
  }

  // ---- paths ----

  /** kube-openapi's name of a value: its dotted path from the validated root, "" for the root itself. */
  private static String name(String path) {
    return path;
  }

  /** The field path apiextensions derives from a name: without its leading dot; a nil path for the root. */
  private static String fieldPath(String path) {
    String p = path.startsWith(".") ? path.substring(1) : path;
    return p.isEmpty() ? NIL_PATH : p;
  }
}
