package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ?fieldValidation on writes of a built-in kind, over HTTP: Strict refuses unknown and duplicate fields with
 * kube-apiserver's message and stores nothing, Warn (the default) stores the object without them and answers a
 * Warning header for each, Ignore drops them silently; a patch that produces an unknown field is checked too.
 */
@ExtendWith(SharedKafka.class)
class FieldValidationIT {
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
  private static TestApi api;

  /** What the client saw: status, body and the Warning header values. */
  private record Answer(int code, JsonNode body, List<String> warnings) {}

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("field-validation");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String deployment(String name, String specExtra, String containerExtra) {
    return """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "%s"},
         "spec": {%s "selector": {"matchLabels": {"app": "web"}},
          "template": {"metadata": {"labels": {"app": "web"}},
           "spec": {"containers": [{"name": "web", "image": "nginx", %s "imagePullPolicy": "Always"}]}}}}"""
        .formatted(name, specExtra, containerExtra);
  }

  private static Answer send(String method, String path, String contentType, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api.base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> r = api.client().send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), Json.parse(r.body()), r.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldRefuseUnknownFieldsUnderStrictWithKubesMessageAndStoreNothing() {
    Answer a = send("POST", DEPLOYMENTS + "?fieldValidation=Strict", "application/json",
        deployment("strict", "\"foo\": \"bar\",", "\"bar\": 1,"));
    assertEquals(400, a.code(), a.body()::toString);
    assertEquals("BadRequest", a.body().path("reason").asText());
    assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
        + "unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].bar\"",
        a.body().path("message").asText());
    assertEquals(404, api.get(DEPLOYMENTS + "/strict").code());
  }

  @Test
  void shouldDropUnknownFieldsAndWarnAboutEachByDefault() {
    Answer a = send("POST", DEPLOYMENTS, "application/json",
        deployment("warn", "\"foo\": \"bar\", \"replicas\": 1, \"replicas\": 3,", "\"bar\": 1,"));
    assertEquals(201, a.code(), a.body()::toString);
    assertEquals(List.of("299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"duplicate field \\\"spec.replicas\\\"\"",
        "299 - \"unknown field \\\"spec.template.spec.containers[0].bar\\\"\""), a.warnings());
    JsonNode stored = api.get(DEPLOYMENTS + "/warn").body();
    assertFalse(stored.path("spec").has("foo"));
    assertEquals(3, stored.path("spec").path("replicas").asInt(), "the last of duplicate keys wins");
    assertFalse(stored.path("spec").path("template").path("spec").path("containers").path(0).has("bar"));
  }

  @Test
  void shouldDropUnknownFieldsSilentlyUnderIgnore() {
    Answer a = send("POST", DEPLOYMENTS + "?fieldValidation=Ignore", "application/json",
        deployment("ignore", "\"foo\": \"bar\",", "\"bar\": 1,"));
    assertEquals(201, a.code(), a.body()::toString);
    assertEquals(List.of(), a.warnings());
    assertFalse(api.get(DEPLOYMENTS + "/ignore").body().path("spec").has("foo"));
  }

  @Test
  void shouldReportDuplicateYamlKeysByLine() {
    String yaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: yaml-dupes
          name: yaml-dupes
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
        """;
    Answer strict = send("POST", DEPLOYMENTS + "?fieldValidation=Strict", "application/yaml", yaml);
    assertEquals(400, strict.code(), strict.body()::toString);
    assertTrue(strict.body().path("message").asText().endsWith(
        "strict decoding error: yaml: unmarshal errors:\n  line 5: key \"name\" already set in map"));
    Answer warn = send("POST", DEPLOYMENTS, "application/yaml", yaml);
    assertEquals(201, warn.code(), warn.body()::toString);
    assertEquals(List.of("299 - \"line 5: key \\\"name\\\" already set in map\""), warn.warnings());
  }

  @Test
  void shouldCheckWhatAnUpdateReplaces() {
    assertEquals(201, send("POST", DEPLOYMENTS, "application/json", deployment("put", "", "")).code());
    String body = deployment("put", "\"paused\": true, \"paused\": false,", "");
    Answer strict = send("PUT", DEPLOYMENTS + "/put?fieldValidation=Strict", "application/json", body);
    assertEquals(400, strict.code(), strict.body()::toString);
    assertTrue(strict.body().path("message").asText().endsWith("strict decoding error: duplicate field \"spec.paused\""));
    Answer warn = send("PUT", DEPLOYMENTS + "/put?fieldValidation=Warn", "application/json", body);
    assertEquals(200, warn.code(), warn.body()::toString);
    assertEquals(List.of("299 - \"duplicate field \\\"spec.paused\\\"\""), warn.warnings());
  }

  @Test
  void shouldCheckTheObjectAPatchProduces() {
    assertEquals(201, send("POST", DEPLOYMENTS, "application/json", deployment("patched", "", "")).code());
    String rvBefore = api.get(DEPLOYMENTS + "/patched").body().path("metadata").path("resourceVersion").asText();
    String patch = "{\"spec\": {\"foo\": \"bar\", \"paused\": true, \"paused\": false}}";
    Answer strict = send("PATCH", DEPLOYMENTS + "/patched?fieldValidation=Strict", "application/merge-patch+json", patch);
    assertEquals(422, strict.code(), strict.body()::toString);
    assertEquals("Invalid", strict.body().path("reason").asText());
    assertTrue(strict.body().path("message").asText().endsWith(
        "strict decoding error: duplicate field \"spec.paused\", unknown field \"spec.foo\""), strict.body()::toString);
    assertEquals(rvBefore, api.get(DEPLOYMENTS + "/patched").body().path("metadata").path("resourceVersion").asText());

    Answer warn = send("PATCH", DEPLOYMENTS + "/patched", "application/strategic-merge-patch+json", patch);
    assertEquals(200, warn.code(), warn.body()::toString);
    assertEquals(List.of("299 - \"duplicate field \\\"spec.paused\\\"\"", "299 - \"unknown field \\\"spec.foo\\\"\""),
        warn.warnings());
    JsonNode stored = api.get(DEPLOYMENTS + "/patched").body();
    assertFalse(stored.path("spec").has("foo"));
    assertFalse(stored.path("spec").path("paused").asBoolean());

    Answer ops = send("PATCH", DEPLOYMENTS + "/patched?fieldValidation=Warn", "application/json-patch+json",
        "[{\"op\": \"add\", \"path\": \"/spec/template/spec/containers/0/bar\", \"value\": 1, \"x\": 2}]");
    assertEquals(200, ops.code(), ops.body()::toString);
    assertEquals(List.of("299 - \"json patch unknown field \\\"[0].x\\\"\"",
        "299 - \"unknown field \\\"spec.template.spec.containers[0].bar\\\"\""), ops.warnings());
  }

  @Test
  void shouldRefuseAnUnsupportedDirective() {
    Answer a = send("POST", DEPLOYMENTS + "?fieldValidation=Loud", "application/json", deployment("loud", "", ""));
    assertEquals(422, a.code(), a.body()::toString);
    assertEquals("CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loud\": "
        + "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", a.body().path("message").asText());
    assertEquals(404, api.get(DEPLOYMENTS + "/loud").code());
  }
}
