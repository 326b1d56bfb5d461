package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Structural pruning (apiextensions' pruning/algorithm.go): fields a structural schema does not specify are dropped,
 * except below x-kubernetes-preserve-unknown-fields, and apiVersion, kind and metadata of the resource root and of
 * embedded resources. Then null values of non-nullable fields without a default are dropped
 * (PruneNonNullableNullsWithoutDefaults), as kube-apiserver does when it decodes a custom resource.
 */
public final class Pruning {
  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private Pruning() {}

  /** Prunes a whole custom resource in place. */
  public static void prune(ObjectNode obj, JsonNode schema) {
    pruneValue(obj, schema == null ? null : schema, true);
    pruneNulls(obj, schema);
  }

  /** Prunes a value below the root (a default) in place; an embedded resource keeps its meta fields. */
  static void pruneValue(JsonNode x, JsonNode s) {
    pruneValue(x, s, embedded(s));
  }

  private static void pruneValue(JsonNode x, JsonNode s, boolean embedded) {
    if (s != null && s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      skipPrune(x, s, embedded || embedded(s));
      return;
    }
    if (x instanceof ObjectNode o) {
      if (s == null && !embedded) {
        o.removeAll();
        return;
      }
      boolean keepMeta = embedded || embedded(s);
      for (String k : fieldNames(o)) {
        if (keepMeta && META_FIELDS.contains(k)) {
          continue;
        }
        JsonNode prop = s == null ? null : s.path("properties").get(k);
        JsonNode additional = s == null ? null : s.get("additionalProperties");
        if (prop != null) {
          pruneValue(o.get(k), prop, false);
        } else if (additional != null && additional.isObject()) {
          pruneValue(o.get(k), additional, false);
        } else if (additional == null || !additional.asBoolean(false)) {
          o.remove(k);
        }
      }
    } else if (x instanceof ArrayNode a) {
      JsonNode items = s == null ? null : s.get("items");
      for (JsonNode item : a) {
        pruneValue(item, items, false);
      }
    }
  }

  /** Below x-kubernetes-preserve-unknown-fields: unknown fields stay, specified ones are still pruned inside. */
  private static void skipPrune(JsonNode x, JsonNode s, boolean embedded) {
    if (x instanceof ObjectNode o) {
      for (String k : fieldNames(o)) {
        if (embedded && META_FIELDS.contains(k)) {
          continue;
        }
        JsonNode prop = s.path("properties").get(k);
        JsonNode additional = s.get("additionalProperties");
        if (prop != null) {
          pruneValue(o.get(k), prop, false);
        } else if (additional != null && additional.isObject()) {
          pruneValue(o.get(k), additional, false);
        }
      }
    } else if (x instanceof ArrayNode a && s.get("items") != null) {
      for (JsonNode item : a) {
        skipPrune(item, s.get("items"), false);
      }
    }
  }

  private static void pruneNulls(JsonNode x, JsonNode s) {
    if (x instanceof ObjectNode o) {
      for (String k : fieldNames(o)) {
        JsonNode fieldSchema = fieldSchema(s, k);
        JsonNode v = o.get(k);
        if (v.isNull() && fieldSchema != null && !fieldSchema.path("nullable").asBoolean(false)
            && !fieldSchema.has("default")) {
          o.remove(k);
        } else {
          pruneNulls(v, fieldSchema);
        }
      }
    } else if (x instanceof ArrayNode a) {
      for (JsonNode item : a) {
        pruneNulls(item, s == null ? null : s.get("items"));
      }
    }
  }

  static JsonNode fieldSchema(JsonNode s, String field) {
    if (s == null) {
      return null;
    }
    JsonNode prop = s.path("properties").get(field);
    if (prop != null) {
      return prop;
    }
    JsonNode additional = s.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  private static boolean embedded(JsonNode s) {
    return s != null && s.path("x-kubernetes-embedded-resource").asBoolean(false);
  }

  private static List<String> fieldNames(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
