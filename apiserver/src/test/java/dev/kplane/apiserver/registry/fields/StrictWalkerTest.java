package dev.kplane.apiserver.registry.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The walker against a small hand-written schema: what is unknown, what is a duplicate, how paths read. */
class StrictWalkerTest {
  /** A "Widget": a struct with a nested struct list, a string map, an int-or-string, a recursive and a free field. */
  private static final Map<String, JsonNode> DEFINITIONS = Map.of(
      "Widget", Json.parse("""
          {"type": "object", "properties": {
            "apiVersion": {"type": "string"}, "kind": {"type": "string"},
            "metadata": {"$ref": "#/components/schemas/Meta"},
            "spec": {"allOf": [{"$ref": "#/components/schemas/Spec"}], "description": "v3 wraps a described ref"}}}"""),
      "Meta", Json.parse("""
          {"type": "object", "properties": {"name": {"type": "string"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}}}}"""),
      "Spec", Json.parse("""
          {"type": "object", "properties": {
            "port": {"$ref": "#/components/schemas/IntOrString"},
            "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
            "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Part"}},
            "matrix": {"type": "array", "items": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}}},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            "raw": {"$ref": "#/components/schemas/RawExtension"}}}"""),
      "Part", Json.parse("""
          {"type": "object", "properties": {"name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}}}}"""),
      "IntOrString", Json.parse("{\"type\": \"string\", \"format\": \"int-or-string\"}"),
      "RawExtension", Json.parse("{\"type\": \"object\"}"));

  private static final FieldSchema WIDGET = new SchemaCompiler(ref -> DEFINITIONS.get(
      ref.substring("#/components/schemas/".length()))).compile(Json.parse("{\"$ref\": \"#/components/schemas/Widget\"}"));

  private static List<String> errors(String json) {
    return FieldValidation.walkJson(json.getBytes(StandardCharsets.UTF_8), WIDGET).errors(false);
  }

  @Test
  void shouldCompileReferencesOnceSoThatRecursiveDefinitionsAreCycles() {
    FieldSchema.Struct spec = (FieldSchema.Struct) ((FieldSchema.Struct) WIDGET).field("spec");
    FieldSchema.Struct part = (FieldSchema.Struct) ((FieldSchema.ListOf) spec.field("parts")).items();
    assertSame(part, ((FieldSchema.ListOf) part.field("children")).items());
    assertSame(part, ((FieldSchema.MapOf) spec.field("byName")).values());
    assertSame(FieldSchema.OPAQUE, spec.field("port"));
    assertSame(FieldSchema.OPAQUE, spec.field("raw"));
    assertSame(FieldSchema.ANY, spec.field("free"));
  }

  @Test
  void shouldReportUnknownFieldsWithDottedPathsAndListIndexes() {
    assertEquals(List.of("unknown field \"spec.foo\"", "unknown field \"spec.parts[1].bar\"",
            "unknown field \"spec.parts[1].children[0].baz\"", "unknown field \"spec.matrix[1][1].qux\""),
        errors("""
            {"apiVersion": "v1", "kind": "Widget", "metadata": {"name": "w"},
             "spec": {"foo": 1, "parts": [{"name": "a"}, {"name": "b", "bar": 2, "children": [{"baz": {"deep": 1}}]}],
                      "matrix": [[], [{"name": "x"}, {"qux": true}]]}}"""));
  }

  @Test
  void shouldNameMapKeysWithDotsAndCheckTheirValues() {
    assertEquals(List.of("duplicate field \"metadata.labels.app\"", "unknown field \"spec.byName.first.nope\""),
        errors("""
            {"metadata": {"labels": {"app": "a", "app": "b", "any.key/at-all": "ok"}},
             "spec": {"byName": {"first": {"name": "x", "nope": 1}}}}"""));
  }

  @Test
  void shouldLeaveOpaqueValuesAloneAndReportOnlyDuplicatesInFreeFormOnes() {
    assertEquals(List.of("duplicate field \"spec.free.a.b\""), errors("""
        {"spec": {"port": {"not": "looked at"}, "raw": {"x": 1, "x": 2},
                  "free": {"anything": 1, "a": {"b": 1, "b": 2}}}}"""));
  }

  @Test
  void shouldReportAnUnknownKeyOnceAndNotAsADuplicate() {
    assertEquals(List.of("unknown field \"spec.foo\"", "duplicate field \"spec.port\""),
        errors("{\"spec\": {\"foo\": {\"x\": 1}, \"foo\": 2, \"port\": 80, \"port\": \"http\"}}"));
  }

  @Test
  void shouldMatchFieldNamesCaseSensitively() {
    assertEquals(List.of("unknown field \"Spec\"", "unknown field \"metadata.Name\""),
        errors("{\"Spec\": {}, \"metadata\": {\"Name\": \"w\"}}"));
  }

  @Test
  void shouldSortFindingsOfATreeAsAGoDecoderMeetsSortedKeys() {
    JsonNode tree = Json.parse("""
        {"spec": {"zeta": 1, "parts": [{"b": 1}, {"a": 1}], "alpha": 1}, "metadata": {"x": 1}}""");
    assertEquals(List.of("unknown field \"metadata.x\"", "unknown field \"spec.alpha\"",
            "unknown field \"spec.parts[0].b\"", "unknown field \"spec.parts[1].a\"", "unknown field \"spec.zeta\""),
        FieldValidation.walkTree(tree, WIDGET).errors(true));
  }

  @Test
  void shouldKeepAtMostAHundredErrorsButPruneEveryUnknownField() {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    for (int i = 0; i < 150; i++) {
      spec.put("f" + i, i);
    }
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.set("spec", spec);
    StrictWalker walk = FieldValidation.walkTree(obj, WIDGET);
    assertEquals(StrictWalker.MAX_ERRORS, walk.errors(false).size());
    FieldValidation.prune(obj, walk.unknownFields());
    assertEquals(0, spec.size());
  }

  @Test
  void shouldPruneNestedUnknownFieldsAndKeepKnownOnes() {
    ObjectNode obj = (ObjectNode) Json.parse("""
        {"spec": {"foo": 1, "port": 8080, "parts": [{"name": "a", "bar": 2}], "free": {"keep": 1}}}""");
    FieldValidation.prune(obj, FieldValidation.walkTree(obj, WIDGET).unknownFields());
    assertEquals(Json.parse("{\"spec\": {\"port\": 8080, \"parts\": [{\"name\": \"a\"}], \"free\": {\"keep\": 1}}}"), obj);
  }
}
