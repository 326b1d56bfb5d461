package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of a CRD version's openAPIV3Schema (apiextensions' validateCustomResourceDefinitionValidation): the
 * structural schema rules (schema/validation.go, errors sorted by their text as kube sorts them), the validation of
 * defaults against their schema, then the OpenAPI rules (no $ref, no patternProperties, known types ...).
 * CEL rules (x-kubernetes-validations) are not checked. Paths use field.Path's notation: properties[spec].
 */
final class CrdSchemaValidation {
  private static final Set<String> OPENAPI_TYPES = Set.of("array", "boolean", "integer", "number", "object", "string");
  private static final Set<String> META_FIELDS = Set.of("metadata", "kind", "apiVersion");
  private static final List<String> OPENAPI_TYPE_LIST = List.of("array", "boolean", "integer", "number", "object", "string");

  private enum Level { ROOT, ITEM, FIELD }

  private CrdSchemaValidation() {}

  /** Every error of a schema at path (e.g. "spec.validation.openAPIV3Schema"). */
  static List<FieldError> validate(JsonNode schema, String path, boolean statusEnabled) {
    List<FieldError> errors = new ArrayList<>();
    if (statusEnabled && schema.has("type") && !schema.path("type").asText().equals("object")) {
      errors.add(FieldError.invalid(path + ".type", schema.path("type").asText(),
          "only \"object\" is allowed as the type at the root of the schema if the status subresource is enabled"));
    }
    if (schema.path("nullable").asBoolean(false)) {
      errors.add(FieldError.forbidden(path + ".nullable", "nullable cannot be true at the root"));
    }
    List<FieldError> structural = new ArrayList<>();
    invariants(schema, Level.ROOT, path, structural);
    structural.sort(Comparator.comparing(FieldError::render));
    errors.addAll(structural);
    if (structural.isEmpty()) {
      defaults(schema, path, errors);
    }
    openApi(schema, path, true, false, errors);
    return errors;
  }

  // ---- structural invariants ----

  private static void invariants(JsonNode s, Level lvl, String path, List<FieldError> out) {
    String type = s.path("type").asText("");
    if (type.equals("array") && !s.has("items")) {
      out.add(FieldError.required(path + ".items", "must be specified"));
    }
    if (s.get("items") instanceof com.fasterxml.jackson.databind.node.ObjectNode items) {
      invariants(items, Level.ITEM, path + ".items", out);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      invariants(p.getValue(), Level.FIELD, path + ".properties[" + p.getKey() + "]", out);
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      if (lvl == Level.ROOT) {
        out.add(FieldError.forbidden(path + ".additionalProperties", "must not be used at the root"));
      }
      if (additional.isObject()) {
        invariants(additional, Level.FIELD, path + ".additionalProperties", out);
      }
    }
    boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    if (intOrString && preserve) {
      out.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", true,
          "must be false if x-kubernetes-int-or-string is true"));
    }
    if (intOrString && embedded) {
      out.add(FieldError.invalid(path + ".x-kubernetes-embedded-resource", true,
          "must be false if x-kubernetes-int-or-string is true"));
    }
    valueValidation(s, lvl, path, out, intOrString);
    if (embedded && !type.equals("object")) {
      if (type.isEmpty()) {
        out.add(FieldError.required(path + ".type", "must be object if x-kubernetes-embedded-resource is true"));
      } else {
        out.add(FieldError.invalid(path + ".type", type, "must be object if x-kubernetes-embedded-resource is true"));
      }
    } else if (type.isEmpty() && !intOrString && !preserve) {
      out.add(FieldError.required(path + ".type", switch (lvl) {
        case ROOT -> "must not be empty at the root";
        case ITEM -> "must not be empty for specified array items";
        case FIELD -> "must not be empty for specified object fields";
      }));
    }
    if (embedded && additional != null) {
      out.add(FieldError.forbidden(path + ".additionalProperties", "must not be used if x-kubernetes-embedded-resource is set"));
    }
    if (lvl == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
      out.add(FieldError.invalid(path + ".type", type, "must be object at the root"));
    }
    boolean checkMetadata = lvl == Level.ROOT || embedded;
    for (String f : List.of("kind", "apiVersion")) {
      JsonNode p = s.path("properties").get(f);
      if (p != null && checkMetadata && !p.path("type").asText("").equals("string")) {
        out.add(FieldError.invalid(path + ".properties[" + f + "].type", p.path("type").asText(""), "must be string"));
      }
    }
    JsonNode metadata = s.path("properties").get("metadata");
    if (metadata != null) {
      metadataInvariants(metadata, checkMetadata, lvl, path + ".properties[metadata]", out);
    }
    if (embedded && !preserve && s.path("properties").isEmpty()) {
      out.add(FieldError.required(path + ".properties",
          "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
    }
  }

  private static void metadataInvariants(JsonNode s, boolean checkMetadata, Level lvl, String path, List<FieldError> out) {
    if (checkMetadata && !s.path("type").asText("").equals("object")) {
      out.add(FieldError.invalid(path + ".type", s.path("type").asText(""), "must be object"));
    }
    if (lvl != Level.ROOT) {
      return;
    }
    // at the root, metadata may only restrict name and generateName (and say it is an object)
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      boolean allowed = k.equals("type") || k.equals("default")
          || (k.equals("properties") && Set.of("name", "generateName").containsAll(names(s.get("properties"))));
      if (!allowed) {
        out.add(FieldError.forbidden(path,
            "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        return;
      }
    }
  }

  private static List<String> names(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** allOf, anyOf, oneOf and not may only restrict values: no types, defaults, descriptions and such inside. */
  private static void valueValidation(JsonNode s, Level lvl, String path, List<FieldError> out, boolean intOrString) {
    JsonNode anyOf = s.get("anyOf");
    boolean intOrStringAnyOf = intOrString && anyOf != null && anyOf.size() == 2
        && anyOf.get(0).path("type").asText().equals("integer") && anyOf.get(1).path("type").asText().equals("string");
    if (!intOrStringAnyOf) {
      nestedList(s.get("anyOf"), lvl, path + ".anyOf", out);
    }
    nestedList(s.get("allOf"), lvl, path + ".allOf", out);
    nestedList(s.get("oneOf"), lvl, path + ".oneOf", out);
    if (s.get("not") != null && s.get("not").isObject()) {
      nested(s.get("not"), lvl, path + ".not", out);
    }
    String pattern = s.path("pattern").asText("");
    if (!pattern.isEmpty()) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        out.add(FieldError.invalid(path + ".pattern", pattern,
            "must be a valid regular expression, but isn't: " + e.getDescription()));
      }
    }
  }

  private static void nestedList(JsonNode list, Level lvl, String path, List<FieldError> out) {
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        nested(list.get(i), lvl, path + "[" + i + "]", out);
      }
    }
  }

  private static void nested(JsonNode v, Level lvl, String path, List<FieldError> out) {
    valueValidation(v, lvl, path, out, false);
    if (v.get("items") != null && v.get("items").isObject()) {
      nested(v.get("items"), lvl, path + ".items", out);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      nested(p.getValue(), Level.FIELD, path + ".properties[" + p.getKey() + "]", out);
    }
    if (v.has("type")) {
      out.add(FieldError.forbidden(path + ".type", "must be empty to be structural"));
    }
    if (v.has("additionalProperties")) {
      out.add(FieldError.forbidden(path + ".additionalProperties", "must be undefined to be structural"));
    }
    if (v.has("default")) {
      out.add(FieldError.forbidden(path + ".default", "must be undefined to be structural"));
    }
    if (!v.path("title").asText("").isEmpty()) {
      out.add(FieldError.forbidden(path + ".title", "must be empty to be structural"));
    }
    if (!v.path("description").asText("").isEmpty()) {
      out.add(FieldError.forbidden(path + ".description", "must be empty to be structural"));
    }
    if (v.path("nullable").asBoolean(false)) {
      out.add(FieldError.forbidden(path + ".nullable", "must be false to be structural"));
    }
    for (String x : List.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
        "x-kubernetes-int-or-string")) {
      if (v.path(x).asBoolean(false)) {
        out.add(FieldError.forbidden(path + "." + x, "must be false to be structural"));
      }
    }
    if (v.path("properties").has("metadata")) {
      out.add(FieldError.forbidden(path + ".properties[metadata]", "must not be specified in a nested context"));
    }
  }

  // ---- defaults ----

  /** Every default must be valid against the schema it sits in (structuraldefaulting.ValidateDefaults). */
  private static void defaults(JsonNode s, String path, List<FieldError> out) {
    if (s.has("default")) {
      JsonNode pruned = s.get("default").deepCopy();
      Pruning.pruneValue(pruned, s);
      if (!pruned.equals(s.get("default"))) {
        out.add(FieldError.invalid(path + ".default", GoFormat.badValue(s.get("default")), "must not have unknown fields"));
      }
      for (FieldError e : SchemaValidator.validate(withoutDefault(s), s.get("default"))) {
        String field = e.field().equals("<nil>") ? path + ".default" : path + ".default." + e.field();
        out.add(new FieldError(field, e.type(), e.value(), e.detail()));
      }
    }
    if (s.get("items") != null && s.get("items").isObject()) {
      defaults(s.get("items"), path + ".items", out);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      defaults(p.getValue(), path + ".properties[" + p.getKey() + "]", out);
    }
    if (s.get("additionalProperties") != null && s.get("additionalProperties").isObject()) {
      defaults(s.get("additionalProperties"), path + ".additionalProperties", out);
    }
  }

  private static JsonNode withoutDefault(JsonNode s) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = s.deepCopy();
    copy.remove("default");
    return copy;
  }

  // ---- OpenAPI rules ----

  private static void openApi(JsonNode s, String path, boolean root, boolean insideMeta, List<FieldError> out) {
    String type = s.path("type").asText("");
    if (!type.isEmpty() && !OPENAPI_TYPES.contains(type)) {
      out.add(new FieldError(path + ".type", "Unsupported value", type, "supported values: "
          + String.join(", ", OPENAPI_TYPE_LIST.stream().map(GoFormat::quote).toList())));
    }
    forbidden(s, "id", path, "id is not supported", out);
    forbidden(s, "additionalItems", path, "additionalItems is not supported", out);
    forbidden(s, "patternProperties", path, "patternProperties is not supported", out);
    forbidden(s, "definitions", path, "definitions is not supported", out);
    forbidden(s, "dependencies", path, "dependencies is not supported", out);
    forbidden(s, "$ref", path, "$ref is not supported", out);
    if (type.equals("null")) {
      out.add(FieldError.forbidden(path + ".type", "type cannot be set to null, use nullable as an alternative"));
    }
    if (s.path("items").isArray()) {
      out.add(FieldError.forbidden(path + ".items", "items must be a schema object and not an array"));
    }
    if (insideMeta && s.path("x-kubernetes-embedded-resource").asBoolean(false)) {
      out.add(FieldError.forbidden(path + ".x-kubernetes-embedded-resource", "must not be used inside of resource meta"));
    }
    if (s.path("uniqueItems").asBoolean(false)) {
      out.add(FieldError.forbidden(path + ".uniqueItems",
          "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      if (!s.path("properties").isEmpty() && (!additional.isBoolean() || !additional.asBoolean())) {
        out.add(FieldError.forbidden(path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"));
      }
      if (additional.isObject()) {
        openApi(additional, path + ".additionalProperties", false, insideMeta, out);
      }
    }
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      boolean meta = (root || embedded) && META_FIELDS.contains(p.getKey());
      String child = path + ".properties[" + p.getKey() + "]";
      if (meta && root && p.getValue().has("default")) {
        out.add(FieldError.forbidden(child + ".default", "must not be set in top-level " + p.getKey()));
      }
      openApi(p.getValue(), child, false, insideMeta || meta, out);
    }
    for (String k : List.of("allOf", "oneOf", "anyOf")) {
      JsonNode list = s.get(k);
      if (list != null && list.isArray()) {
        for (int i = 0; i < list.size(); i++) {
          openApi(list.get(i), path + "." + k + "[" + i + "]", false, insideMeta, out);
        }
      }
    }
    if (s.get("not") != null && s.get("not").isObject()) {
      openApi(s.get("not"), path + ".not", false, insideMeta, out);
    }
    if (s.get("items") != null && s.get("items").isObject()) {
      openApi(s.get("items"), path + ".items", false, insideMeta, out);
    }
    JsonNode preserve = s.get("x-kubernetes-preserve-unknown-fields");
    if (preserve != null && preserve.isBoolean() && !preserve.asBoolean()) {
      out.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", false, "must be true or undefined"));
    }
  }

  private static void forbidden(JsonNode s, String field, String path, String detail, List<FieldError> out) {
    if (s.has(field)) {
      out.add(FieldError.forbidden(path + "." + field, detail));
    }
  }
}
