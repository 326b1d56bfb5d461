package dev.kplane.apiserver.registry.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.registry.Patches;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The directives on Deployments, with the bodies and the expected messages of kube's field validation integration
 * test (test/integration/apiserver/field_validation_test.go).
 */
class FieldValidationTest {
  private static final ResourceType DEPLOYMENTS = BuiltinResources.ALL_TYPES.stream()
      .filter(t -> t.kind().equals("Deployment")).findFirst().orElseThrow();

  static final String INVALID_JSON = """
      {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
          "name": "dupename",
          "name": "test-deployment",
          "labels": {"app": "nginx"},
          "unknownMeta": "metaVal"
        },
        "spec": {
          "unknown1": "val1",
          "unknownDupe": "valDupe",
          "unknownDupe": "valDupe2",
          "paused": true,
          "paused": false,
          "selector": {"matchLabels": {"app": "nginx"}},
          "template": {
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {
              "containers": [{
                "name": "nginx",
                "image": "nginx:latest",
                "unknownNested": "val1",
                "imagePullPolicy": "Always",
                "imagePullPolicy": "Never"
              }]
            }
          }
        }
      }""";

  static final String INVALID_YAML = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: dupename
        name: test-deployment
        unknownMeta: metaVal
        labels:
          app: nginx
      spec:
        unknown1: val1
        unknownDupe: valDupe
        unknownDupe: valDupe2
        paused: true
        paused: false
        selector:
          matchLabels:
            app: nginx
        template:
          metadata:
            labels:
              app: nginx
          spec:
            containers:
            - name: nginx
              image: nginx:latest
              unknownNested: val1
              imagePullPolicy: Always
              imagePullPolicy: Never""";

  static final List<String> JSON_FINDINGS = List.of(
      "duplicate field \"metadata.name\"",
      "unknown field \"metadata.unknownMeta\"",
      "unknown field \"spec.unknown1\"",
      "unknown field \"spec.unknownDupe\"",
      "duplicate field \"spec.paused\"",
      "unknown field \"spec.template.spec.containers[0].unknownNested\"",
      "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"");

  static final List<String> YAML_WARNINGS = List.of(
      "line 5: key \"name\" already set in map",
      "line 12: key \"unknownDupe\" already set in map",
      "line 14: key \"paused\" already set in map",
      "line 28: key \"imagePullPolicy\" already set in map",
      "unknown field \"metadata.unknownMeta\"",
      "unknown field \"spec.template.spec.containers[0].unknownNested\"",
      "unknown field \"spec.unknown1\"",
      "unknown field \"spec.unknownDupe\"");

  private static List<String> checkBody(String directive, String body, String contentType) {
    ObjectNode obj = decode(body, contentType);
    return FieldValidation.of(directive, "CreateOptions").checkBody(DEPLOYMENTS, FieldValidation.builtinSchema(DEPLOYMENTS), obj,
        body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  private static ObjectNode decode(String body, String contentType) {
    try {
      return (ObjectNode) (contentType.equals("application/yaml") ? Json.YAML : Json.MAPPER).readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldWarnAboutEveryUnknownAndDuplicateFieldInDocumentOrderByDefault() {
    assertEquals(JSON_FINDINGS, checkBody(null, INVALID_JSON, "application/json"));
    assertEquals(JSON_FINDINGS, checkBody("Warn", INVALID_JSON, "application/json"));
  }

  @Test
  void shouldRejectUnderStrictWithKubesMessage() {
    ApiException e = assertThrows(ApiException.class, () -> checkBody("Strict", INVALID_JSON, "application/json"));
    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
    assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
        + String.join(", ", JSON_FINDINGS), e.status().path("message").asText());
  }

  @Test
  void shouldReportYamlDuplicatesByLineThenUnknownFieldsInKeyOrder() {
    assertEquals(YAML_WARNINGS, checkBody("Warn", INVALID_YAML, "application/yaml"));
    ApiException e = assertThrows(ApiException.class, () -> checkBody("Strict", INVALID_YAML, "application/yaml"));
    assertTrue(e.status().path("message").asText().endsWith("""
        strict decoding error: yaml: unmarshal errors:
          line 5: key "name" already set in map
          line 12: key "unknownDupe" already set in map
          line 14: key "paused" already set in map
          line 28: key "imagePullPolicy" already set in map, unknown field "metadata.unknownMeta", \
        unknown field "spec.template.spec.containers[0].unknownNested", unknown field "spec.unknown1", \
        unknown field "spec.unknownDupe\""""), e.status().path("message").asText());
  }

  @Test
  void shouldDropUnknownFieldsAndKeepTheLastOfDuplicatesUnderEveryDirective() {
    for (String directive : new String[] {"Ignore", "Warn"}) {
      for (String[] body : new String[][] {{INVALID_JSON, "application/json"}, {INVALID_YAML, "application/yaml"}}) {
        ObjectNode obj = decode(body[0], body[1]);
        List<String> warnings = FieldValidation.of(directive, "CreateOptions").checkBody(DEPLOYMENTS, FieldValidation.builtinSchema(DEPLOYMENTS), obj,
            body[0].getBytes(StandardCharsets.UTF_8), body[1]);
        assertEquals(directive.equals("Ignore"), warnings.isEmpty());
        assertFalse(obj.path("metadata").has("unknownMeta"));
        assertEquals(List.of("paused", "selector", "template"), fieldNames(obj.path("spec")));
        assertFalse(obj.path("spec").path("paused").asBoolean());
        JsonNode container = obj.path("spec").path("template").path("spec").path("containers").path(0);
        assertEquals(List.of("name", "image", "imagePullPolicy"), fieldNames(container));
        assertEquals("Never", container.path("imagePullPolicy").asText());
        assertEquals("test-deployment", obj.path("metadata").path("name").asText());
      }
    }
  }

  @Test
  void shouldLeaveAValidObjectAsItIs() {
    String valid = Json.write(Json.parse(TestBodies.VALID_DEPLOYMENT));
    ObjectNode obj = decode(valid, "application/json");
    assertEquals(List.of(), FieldValidation.of("Strict", "CreateOptions").checkBody(DEPLOYMENTS, FieldValidation.builtinSchema(DEPLOYMENTS), obj,
        valid.getBytes(StandardCharsets.UTF_8), "application/json"));
    assertEquals(Json.parse(valid), obj);
  }

  @Test
  void shouldRejectAnUnsupportedDirectiveAsInvalidOptions() {
    ApiException e = assertThrows(ApiException.class, () -> FieldValidation.of("strict", "UpdateOptions"));
    assertEquals(422, e.code());
    assertEquals("UpdateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"strict\": "
        + "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", e.status().path("message").asText());
  }

  @Test
  void shouldReportPatchDuplicatesBeforeTheUnknownFieldsOfTheResult() {
    String merge = """
        {"spec": {"unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2",
          "paused": true, "paused": false,
          "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:latest",
            "unknownNested": "val1", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}}}""";
    List<String> expected = List.of(
        "duplicate field \"spec.unknownDupe\"",
        "duplicate field \"spec.paused\"",
        "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"",
        "unknown field \"spec.template.spec.containers[0].unknownNested\"",
        "unknown field \"spec.unknown1\"",
        "unknown field \"spec.unknownDupe\"");
    for (String type : new String[] {Patches.MERGE, Patches.STRATEGIC}) {
      ObjectNode patched = patched(type, merge);
      assertEquals(expected, FieldValidation.of(null, "PatchOptions").forPatch(type, bytes(merge))
          .checkResult(FieldValidation.builtinSchema(DEPLOYMENTS), patched, Json.parse(merge)));
      assertFalse(patched.path("spec").has("unknown1"));
      ApiException e = assertThrows(ApiException.class, () -> FieldValidation.of("Strict", "PatchOptions")
          .forPatch(type, bytes(merge)).checkResult(FieldValidation.builtinSchema(DEPLOYMENTS), patched(type, merge), Json.parse(merge)));
      assertEquals(422, e.code());
      assertEquals("Invalid", e.reason());
      assertTrue(e.status().path("message").asText().startsWith(" \"\" is invalid: patch: Invalid value: \""));
      assertTrue(e.status().path("message").asText().endsWith(FieldValidation.strictDecodingError(expected)));
      assertEquals("patch", e.status().path("details").path("causes").path(0).path("field").asText());
    }
  }

  @Test
  void shouldQuoteAStrategicMergePatchAsGoPrintsAMap() {
    String patch = "{\"spec\": {\"foo\": \"bar\", \"replicas\": 2, \"x\": [1.5, null, true]}}";
    ApiException e = assertThrows(ApiException.class, () -> FieldValidation.of("Strict", "PatchOptions")
        .forPatch(Patches.STRATEGIC, bytes(patch))
        .checkResult(FieldValidation.builtinSchema(DEPLOYMENTS), patched(Patches.STRATEGIC, patch), Json.parse(patch)));
    assertEquals(" \"\" is invalid: patch: Invalid value: \"map[spec:map[foo:bar replicas:2 x:[1.5 <nil> true]]]\": "
        + "strict decoding error: unknown field \"spec.foo\", unknown field \"spec.x\"", e.status().path("message").asText());
  }

  @Test
  void shouldPrefixFindingsInJsonPatchOperations() {
    String ops = """
        [
          {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo": "bar"},
          {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
          {"op": "add", "path": "/spec/paused", "value": true}
        ]""";
    ObjectNode patched = patched(Patches.JSON_PATCH, ops);
    assertEquals(List.of("json patch unknown field \"[0].foo\"", "json patch duplicate field \"[1].path\"",
            "unknown field \"spec.unknown1\"", "unknown field \"spec.unknown3\""),
        FieldValidation.of("Warn", "PatchOptions").forPatch(Patches.JSON_PATCH, bytes(ops))
            .checkResult(FieldValidation.builtinSchema(DEPLOYMENTS), patched, Json.parse(ops)));
    assertEquals(List.of("selector", "template", "replicas", "strategy", "paused"), fieldNames(patched.path("spec")));
  }

  @Test
  void shouldRejectDuplicatesInAnApplyPatchAtOnceAndLeaveItsResultToServerSideApply() {
    String apply = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {"name": "x"},
          "spec": {
            "paused": false,
            "paused": true,
            "foo": 1
          }
        }""";
    ApiException e = assertThrows(ApiException.class,
        () -> FieldValidation.of("Strict", "PatchOptions").forPatch(PatchCheck.APPLY, bytes(apply)));
    assertEquals(400, e.code());
    assertEquals("error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n"
        + "  line 7: key \"paused\" already set in map", e.status().path("message").asText());
    ObjectNode result = (ObjectNode) Json.parse(apply);
    assertEquals(List.of("line 7: key \"paused\" already set in map"), FieldValidation.of("Warn", "PatchOptions")
        .forPatch(PatchCheck.APPLY, bytes(apply)).checkResult(FieldValidation.builtinSchema(DEPLOYMENTS), result, result));
    assertTrue(result.path("spec").has("foo"));
  }

  @Test
  void shouldOnlyLookForDuplicatesInKindsThatAreNotBuiltIn() {
    ResourceType widgets = new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true, List.of(),
        List.of(), List.of());
    String body = "{\"spec\": {\"anything\": 1, \"a\": 1, \"a\": 2}}";
    ObjectNode obj = decode(body, "application/json");
    assertEquals(List.of("duplicate field \"spec.a\""),
        FieldValidation.of(null, "CreateOptions").checkBody(widgets, FieldValidation.builtinSchema(widgets), obj,
            bytes(body), "application/json"));
    assertTrue(obj.path("spec").has("anything"));
  }

  @Test
  void aCustomResourcesStructuralSchemaMakesItsUnknownFieldsUnknown() {
    ResourceType widgets = new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true, List.of(),
        List.of(), List.of());
    FieldSchema schema = SchemaCompiler.customResource(Json.parse("{\"type\":\"object\",\"properties\":"
        + "{\"spec\":{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"integer\"},\"free\":{\"type\":"
        + "\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}}}"));
    String body = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\","
        + "\"nmae\":\"x\"},\"spec\":{\"size\":1,\"extra\":true,\"free\":{\"x\":1}}}";
    ObjectNode obj = decode(body, "application/json");
    ApiException e = assertThrows(ApiException.class, () -> FieldValidation.of("Strict", "CreateOptions")
        .checkBody(widgets, schema, obj, bytes(body), "application/json"));
    assertEquals("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field "
        + "\"metadata.nmae\", unknown field \"spec.extra\"", e.status().path("message").asText());
    assertEquals(List.of("unknown field \"metadata.nmae\"", "unknown field \"spec.extra\""), FieldValidation.of("Warn", "CreateOptions")
        .checkBody(widgets, schema, obj, bytes(body), "application/json"));
    assertEquals("{\"size\":1,\"free\":{\"x\":1}}", obj.path("spec").toString());
  }

  private static ObjectNode patched(String type, String patch) {
    return Patches.apply(type, DEPLOYMENTS, (ObjectNode) Json.parse(TestBodies.VALID_DEPLOYMENT), Json.parse(patch));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> fieldNames(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }
}
