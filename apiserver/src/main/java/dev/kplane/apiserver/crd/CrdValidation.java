package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import dev.kplane.apiserver.registry.Meta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of a CustomResourceDefinition (apiextensions' ValidateCustomResourceDefinition and its update form),
 * with kube's messages and paths. A v1 CRD whose versions all carry the same schema, subresources or printer columns
 * is validated as kube validates it after converting it to its internal form, where those move to the top level:
 * its schema errors are reported under spec.validation.openAPIV3Schema.
 */
public final class CrdValidation {
  private static final List<String> SCOPES = List.of("Cluster", "Namespaced");
  private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
  private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float", "int32",
      "int64", "password");

  private CrdValidation() {}

  /** The errors of a defaulted CRD on create. */
  public static List<FieldError> validate(JsonNode crd) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String required = names.path("plural").asText("") + "." + spec.path("group").asText("");
    if (!Meta.name(crd).isEmpty() && !Meta.name(crd).equals(required)) {
      errors.add(FieldError.invalid("metadata.name", Meta.name(crd), "must be spec.names.plural+\".\"+spec.group"));
    }
    spec(spec, errors);
    errors.addAll(names(crd.path("status").path("acceptedNames"), "status.acceptedNames"));
    storedVersions(crd, errors);
    return errors;
  }

  /** The errors of an update: those of the new object, and the fields that may not change. */
  public static List<FieldError> validateUpdate(JsonNode crd, JsonNode old) {
    List<FieldError> errors = validate(crd);
    JsonNode spec = crd.path("spec");
    JsonNode oldSpec = old.path("spec");
    if (CrdStatus.isEstablished(old)) {
      immutable(spec.path("scope"), oldSpec.path("scope"), "spec.scope", errors);
      immutable(spec.path("names").path("kind"), oldSpec.path("names").path("kind"), "spec.names.kind", errors);
    }
    immutable(spec.path("group"), oldSpec.path("group"), "spec.group", errors);
    immutable(spec.path("names").path("plural"), oldSpec.path("names").path("plural"), "spec.names.plural", errors);
    return errors;
  }

  private static void immutable(JsonNode now, JsonNode before, String path, List<FieldError> errors) {
    if (!now.equals(before)) {
      errors.add(FieldError.invalid(path, now.asText(""), "field is immutable"));
    }
  }

  private static void spec(JsonNode spec, List<FieldError> errors) {
    String group = spec.path("group").asText("");
    if (group.isEmpty()) {
      errors.add(FieldError.required("spec.group", ""));
    } else if (!NameValidation.isDns1123Subdomain(group).isEmpty()) {
      errors.add(FieldError.invalid("spec.group", group, String.join(",", NameValidation.isDns1123Subdomain(group))));
    } else if (group.split("\\.", -1).length < 2) {
      errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
    }
    enumString(spec.path("scope").asText(""), "spec.scope", SCOPES, errors);

    JsonNode versions = spec.path("versions");
    boolean sharedSchema = identical(versions, "schema");
    boolean sharedSubresources = identical(versions, "subresources");
    boolean sharedColumns = identical(versions, "additionalPrinterColumns");
    if (!sharedSchema || versions.isEmpty() || versions.get(0).path("schema").path("openAPIV3Schema").isMissingNode()) {
      for (int i = 0; i < versions.size(); i++) {
        if (versions.get(i).path("schema").path("openAPIV3Schema").isMissingNode()) {
          errors.add(FieldError.required("spec.versions[" + i + "].schema.openAPIV3Schema", "schemas are required"));
        }
      }
    }
    boolean preserveUnknown = spec.path("preserveUnknownFields").asBoolean(false);
    if (preserveUnknown && hasDefaults(versions)) {
      errors.add(FieldError.invalid("spec.preserveUnknownFields", true, "must be false in order to use defaults in the schema"));
    }

    int storage = 0;
    Set<String> seen = new HashSet<>();
    boolean unique = true;
    for (int i = 0; i < versions.size(); i++) {
      JsonNode v = versions.get(i);
      String at = "spec.versions[" + i + "]";
      storage += v.path("storage").asBoolean(false) ? 1 : 0;
      unique &= seen.add(v.path("name").asText(""));
      List<String> nameErrors = Dns1035.validate(v.path("name").asText(""));
      if (!nameErrors.isEmpty()) {
        errors.add(FieldError.invalid(at + ".name", v.path("name").asText(""), String.join(",", nameErrors)));
      }
      if (!sharedSchema) {
        schema(v.path("schema").get("openAPIV3Schema"), at + ".schema.openAPIV3Schema", v.path("subresources").has("status"), errors);
      }
      if (!sharedSubresources) {
        subresources(v.get("subresources"), at + ".subresources", errors);
      }
      if (!sharedColumns) {
        columns(v.get("additionalPrinterColumns"), at + ".additionalPrinterColumns", errors);
      }
    }
    if (!unique) {
      errors.add(FieldError.invalid("spec.versions", versionsValue(versions), "must contain unique version names"));
    }
    if (storage != 1) {
      errors.add(FieldError.invalid("spec.versions", versionsValue(versions), "must have exactly one version marked as storage version"));
    }

    JsonNode names = spec.path("names");
    for (String n : List.of("plural", "singular", "kind", "listKind")) {
      if (names.path(n).asText("").isEmpty()) {
        errors.add(FieldError.required("spec.names." + n, ""));
      }
    }
    errors.addAll(names(names, "spec.names"));
    if (sharedSchema && !versions.isEmpty()) {
      schema(versions.get(0).path("schema").get("openAPIV3Schema"), "spec.validation.openAPIV3Schema",
          versions.get(0).path("subresources").has("status"), errors);
    }
    if (sharedSubresources && !versions.isEmpty()) {
      subresources(versions.get(0).get("subresources"), "spec.subresources", errors);
    }
    if (sharedColumns && !versions.isEmpty()) {
      columns(versions.get(0).get("additionalPrinterColumns"), "spec.additionalPrinterColumns", errors);
    }
    conversion(spec.path("conversion"), errors);
  }

  /** Go's %#v of the versions is not reproduced; their names stand for them. */
  private static FieldError.GoValue versionsValue(JsonNode versions) {
    List<String> shown = new ArrayList<>();
    versions.forEach(v -> shown.add("apiextensions.CustomResourceDefinitionVersion{Name:" + GoFormat.quote(v.path("name").asText(""))
        + ", Served:" + v.path("served").asBoolean(false) + ", Storage:" + v.path("storage").asBoolean(false) + ", ...}"));
    return new FieldError.GoValue("[]apiextensions.CustomResourceDefinitionVersion{" + String.join(", ", shown) + "}");
  }

  private static boolean identical(JsonNode versions, String field) {
    for (JsonNode v : versions) {
      if (!v.path(field).equals(versions.get(0).path(field))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDefaults(JsonNode versions) {
    for (JsonNode v : versions) {
      if (!v.path("schema").findValues("default").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static void schema(JsonNode schema, String path, boolean statusEnabled, List<FieldError> errors) {
    if (schema != null && schema.isObject()) {
      errors.addAll(CrdSchemaValidation.validate(schema, path, statusEnabled));
    }
  }

  /** ValidateCustomResourceDefinitionNames: DNS-1035 labels; kinds may have mixed case. */
  static List<FieldError> names(JsonNode names, String path) {
    List<FieldError> errors = new ArrayList<>();
    for (String n : List.of("plural", "singular")) {
      String v = names.path(n).asText("");
      if (!v.isEmpty() && !Dns1035.validate(v).isEmpty()) {
        errors.add(FieldError.invalid(path + "." + n, v, String.join(",", Dns1035.validate(v))));
      }
    }
    for (String n : List.of("kind", "listKind")) {
      String v = names.path(n).asText("");
      List<String> bad = Dns1035.validate(v.toLowerCase(Locale.ROOT));
      if (!v.isEmpty() && !bad.isEmpty()) {
        errors.add(FieldError.invalid(path + "." + n, v, "may have mixed case, but should otherwise match: " + String.join(",", bad)));
      }
    }
    JsonNode shortNames = names.path("shortNames");
    for (int i = 0; i < shortNames.size(); i++) {
      List<String> bad = Dns1035.validate(shortNames.get(i).asText(""));
      if (!bad.isEmpty()) {
        errors.add(FieldError.invalid(path + ".shortNames[" + i + "]", shortNames.get(i).asText(""), String.join(",", bad)));
      }
    }
    String kind = names.path("kind").asText("");
    if (!kind.isEmpty() && kind.equals(names.path("listKind").asText(""))) {
      errors.add(FieldError.invalid(path + ".listKind", kind, "kind and listKind may not be the same"));
    }
    JsonNode categories = names.path("categories");
    for (int i = 0; i < categories.size(); i++) {
      List<String> bad = Dns1035.validate(categories.get(i).asText(""));
      if (!bad.isEmpty()) {
        errors.add(FieldError.invalid(path + ".categories[" + i + "]", categories.get(i).asText(""), String.join(",", bad)));
      }
    }
    return errors;
  }

  private static void subresources(JsonNode sub, String path, List<FieldError> errors) {
    if (sub == null || !sub.has("scale")) {
      return;
    }
    JsonNode scale = sub.path("scale");
    scalePath(scale.path("specReplicasPath").asText(""), path + ".scale.specReplicasPath", true, ".spec.",
        "should be a json path under .spec", errors);
    scalePath(scale.path("statusReplicasPath").asText(""), path + ".scale.statusReplicasPath", true, ".status.",
        "should be a json path under .status", errors);
    String selector = scale.path("labelSelectorPath").asText("");
    if (!selector.isEmpty()) {
      if (!simpleJsonPath(selector, path + ".scale.labelSelectorPath", errors)
          && !selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
        errors.add(FieldError.invalid(path + ".scale.labelSelectorPath", selector, "should be a json path under either .spec or .status"));
      }
    }
  }

  private static void scalePath(String value, String path, boolean required, String prefix, String detail,
                                List<FieldError> errors) {
    if (value.isEmpty()) {
      if (required) {
        errors.add(FieldError.required(path, ""));
      }
    } else if (!simpleJsonPath(value, path, errors) && !value.startsWith(prefix)) {
      errors.add(FieldError.invalid(path, value, detail));
    }
  }

  /** validateSimpleJSONPath; true when it reported an error. */
  private static boolean simpleJsonPath(String s, String path, List<FieldError> errors) {
    if (s.charAt(0) != '.') {
      errors.add(FieldError.invalid(path, s, "must be a simple json path starting with ."));
      return true;
    }
    return false;
  }

  private static void columns(JsonNode cols, String path, List<FieldError> errors) {
    if (cols == null || !cols.isArray()) {
      return;
    }
    for (int i = 0; i < cols.size(); i++) {
      JsonNode c = cols.get(i);
      String at = path + "[" + i + "]";
      if (c.path("name").asText("").isEmpty()) {
        errors.add(FieldError.required(at + ".name", ""));
      }
      String type = c.path("type").asText("");
      String types = "must be one of " + String.join(",", COLUMN_TYPES);
      if (type.isEmpty()) {
        errors.add(FieldError.required(at + ".type", types));
      } else if (!COLUMN_TYPES.contains(type)) {
        errors.add(FieldError.invalid(at + ".type", type, types));
      }
      String format = c.path("format").asText("");
      if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
        errors.add(FieldError.invalid(at + ".format", format, "must be one of " + String.join(",", COLUMN_FORMATS)));
      }
      String jsonPath = c.path("jsonPath").asText("");
      if (jsonPath.isEmpty()) {
        errors.add(FieldError.required(at + ".JSONPath", ""));
      } else {
        simpleJsonPath(jsonPath, at + ".JSONPath", errors);
      }
    }
  }

  /** Only the None strategy is served: kplane has no conversion webhooks. */
  private static void conversion(JsonNode conversion, List<FieldError> errors) {
    String strategy = conversion.path("strategy").asText("");
    if (strategy.isEmpty()) {
      errors.add(FieldError.required("spec.conversion.strategy", ""));
    } else if (!strategy.equals("None")) {
      errors.add(new FieldError("spec.conversion.strategy", "Unsupported value", strategy,
          "supported values: \"None\" (kplane does not call conversion webhooks)"));
    } else {
      if (conversion.has("webhook") || conversion.has("webhookClientConfig")) {
        errors.add(FieldError.forbidden("spec.conversion.webhookClientConfig", "should not be set when strategy is not set to Webhook"));
      }
      if (conversion.path("conversionReviewVersions").size() > 0) {
        errors.add(FieldError.forbidden("spec.conversion.conversionReviewVersions", "should not be set when strategy is not set to Webhook"));
      }
    }
  }

  private static void enumString(String value, String path, List<String> accepted, List<FieldError> errors) {
    if (value.isEmpty()) {
      errors.add(FieldError.required(path, ""));
    } else if (!accepted.contains(value)) {
      errors.add(new FieldError(path, "Unsupported value", value, "supported values: "
          + String.join(", ", accepted.stream().map(GoFormat::quote).toList())));
    }
  }

  /** ValidateCustomResourceDefinitionStoredVersions. */
  private static void storedVersions(JsonNode crd, List<FieldError> errors) {
    JsonNode stored = crd.path("status").path("storedVersions");
    List<String> storedList = new ArrayList<>();
    stored.forEach(v -> storedList.add(v.asText()));
    FieldError.GoValue shown = new FieldError.GoValue("[]string{" + String.join(", ",
        storedList.stream().map(GoFormat::quote).toList()) + "}");
    if (storedList.isEmpty()) {
      errors.add(FieldError.invalid("status.storedVersions", shown, "must have at least one stored version"));
      return;
    }
    Set<String> remaining = new HashSet<>(storedList);
    for (JsonNode v : crd.path("spec").path("versions")) {
      String name = v.path("name").asText("");
      if (v.path("storage").asBoolean(false) && !storedList.contains(name)) {
        errors.add(FieldError.invalid("status.storedVersions", shown, "must have the storage version " + name));
      }
      remaining.remove(name);
    }
    for (String v : remaining) {
      errors.add(FieldError.invalid("status.storedVersions[" + storedList.indexOf(v) + "]", v, "must appear in spec.versions"));
    }
  }
}
