package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One group version's OpenAPI 3.0 document, converted from the Swagger 2.0 paths and definitions the way
 * kube-openapi's builder3 publishes them: schemas under components.schemas (only those the paths reach), a
 * reference with siblings (a property's description) wrapped in {@code allOf}, bodies as requestBody and response
 * content per media type. kubectl explain and kubectl's field-validation check read these documents.
 */
final class OpenApiV3 {
  private static final String V2_REF = "#/definitions/";
  private static final String V3_REF = "#/components/schemas/";
  private static final String[] METHODS = {"get", "put", "post", "delete", "patch"};

  private OpenApiV3() {}

  static ObjectNode document(Map<String, ObjectNode> paths, SortedMap<String, ObjectNode> definitions) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.set("info", OpenApi.info());
    ObjectNode ps = doc.putObject("paths");
    paths.forEach((path, item) -> ps.set(path, pathItem(item)));
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (String name : reachable(ps, definitions)) {
      schemas.set(name, schema(definitions.get(name)));
    }
    return doc;
  }

  private static ObjectNode pathItem(ObjectNode item) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (String method : METHODS) {
      if (item.has(method)) {
        out.set(method, operation(item.get(method)));
      }
    }
    if (item.has("parameters")) {
      out.set("parameters", parameters(item.get("parameters")));
    }
    return out;
  }

  private static ObjectNode operation(JsonNode op) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("description", op.get("description"));
    out.set("operationId", op.get("operationId"));
    out.set("parameters", parameters(op.get("parameters")));
    for (JsonNode p : op.get("parameters")) {
      if (p.get("in").asText().equals("body")) {
        ObjectNode body = out.putObject("requestBody");
        body.set("content", content(op.get("consumes"), p.get("schema")));
        body.put("required", true);
      }
    }
    ObjectNode responses = out.putObject("responses");
    op.get("responses").properties().forEach(e -> {
      ObjectNode r = responses.putObject(e.getKey());
      if (e.getValue().has("schema")) {
        r.set("content", content(op.get("produces"), e.getValue().get("schema")));
      }
      r.set("description", e.getValue().get("description"));
    });
    out.set("tags", op.get("tags"));
    op.properties().stream().filter(e -> e.getKey().startsWith("x-")).forEach(e -> out.set(e.getKey(), e.getValue()));
    return out;
  }

  /** Non-body parameters, with their type moved under "schema" as OpenAPI 3 has it. */
  private static ArrayNode parameters(JsonNode params) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode p : params) {
      if (p.get("in").asText().equals("body")) {
        continue;
      }
      ObjectNode q = out.addObject();
      q.set("description", p.get("description"));
      q.set("in", p.get("in"));
      q.set("name", p.get("name"));
      if (p.path("required").asBoolean()) {
        q.put("required", true);
      }
      q.putObject("schema").put("type", p.get("type").asText()).put("uniqueItems", true);
    }
    return out;
  }

  private static ObjectNode content(JsonNode mediaTypes, JsonNode schema) {
    ObjectNode content = Json.MAPPER.createObjectNode();
    for (JsonNode t : mediaTypes) {
      content.putObject(t.asText()).set("schema", schema(schema));
    }
    return content;
  }

  /** A schema with v3 references; a reference with siblings becomes allOf: [{$ref}] beside them, as kube writes it. */
  private static ObjectNode schema(JsonNode s) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    JsonNode ref = s.get("$ref");
    if (ref != null) {
      String v3 = V3_REF + ref.asText().substring(V2_REF.length());
      if (s.size() == 1) {
        return out.put("$ref", v3);
      }
      out.putArray("allOf").addObject().put("$ref", v3);
    }
    s.properties().forEach(e -> {
      switch (e.getKey()) {
        case "$ref" -> { }
        case "items", "additionalProperties" -> out.set(e.getKey(),
            e.getValue().isObject() ? schema(e.getValue()) : e.getValue());
        case "properties" -> {
          ObjectNode props = out.putObject("properties");
          e.getValue().properties().forEach(p -> props.set(p.getKey(), schema(p.getValue())));
        }
        default -> out.set(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  /** The definitions the converted paths reach, directly or through other definitions, sorted by name. */
  private static SortedSet<String> reachable(JsonNode paths, Map<String, ObjectNode> definitions) {
    SortedSet<String> seen = new TreeSet<>();
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(paths);
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      JsonNode ref = n.get("$ref");
      if (ref != null && ref.isTextual()) {
        String r = ref.asText();
        String name = r.startsWith(V3_REF) ? r.substring(V3_REF.length()) : r.substring(V2_REF.length());
        if (seen.add(name)) {
          ObjectNode d = definitions.get(name);
          if (d == null) {
            throw new IllegalStateException("reference to an unknown definition: " + r);
          }
          todo.push(d);
        }
      }
      n.forEach(todo::push);
    }
    return seen;
  }
}
