package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Structural defaulting (apiextensions' defaulting/algorithm.go): a property with a default that is absent, or null
 * while not nullable, gets a copy of the default; then defaulting goes down into every value that has a schema.
 * kube-apiserver applies it when it decodes a request body and when it reads an object from storage.
 */
public final class Defaulting {
  private Defaulting() {}

  /** Defaults a value in place. */
  public static void apply(JsonNode x, JsonNode s) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        JsonNode def = p.getValue().get("default");
        if (def != null && (!o.has(p.getKey()) || nonNullableNull(o.get(p.getKey()), p.getValue()))) {
          o.set(p.getKey(), def.deepCopy());
        }
      }
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      JsonNode additional = s.get("additionalProperties");
      for (String k : names) {
        JsonNode prop = s.path("properties").get(k);
        if (prop != null) {
          apply(o.get(k), prop);
        } else if (additional != null && additional.isObject()) {
          if (nonNullableNull(o.get(k), additional) && additional.has("default")) {
            o.set(k, additional.get("default").deepCopy());
          }
          apply(o.get(k), additional);
        }
      }
    } else if (x instanceof ArrayNode a) {
      JsonNode items = s.get("items");
      if (items == null) {
        return;
      }
      for (int i = 0; i < a.size(); i++) {
        if (nonNullableNull(a.get(i), items) && items.has("default")) {
          a.set(i, items.get("default").deepCopy());
        }
        apply(a.get(i), items);
      }
    }
  }

  private static boolean nonNullableNull(JsonNode v, JsonNode s) {
    return v != null && v.isNull() && !s.path("nullable").asBoolean(false);
  }
}
