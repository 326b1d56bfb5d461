package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server-side apply over HTTP: upsert, ownership, conflicts, force, pruning, dry run, managedFields of writes. */
@ExtendWith(SharedKafka.class)
class ServerSideApplyIT {
  private static final String DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  private static TestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("ssa");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static TestApi.Response apply(String path, String query, String yaml) throws Exception {
    HttpResponse<String> r = api.client().send(HttpRequest.newBuilder(URI.create(api.base + path + query))
        .header("Content-Type", "application/apply-patch+yaml").header("User-Agent", "kubectl/v1.32.0 (linux/amd64)")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
    return new TestApi.Response(r.statusCode(), Json.parse(r.body()));
  }

  private static String deployment(String name, int replicas, String image) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  replicas: " + replicas
        + "\n  selector:\n    matchLabels:\n      app: " + name + "\n  template:\n    metadata:\n      labels:\n"
        + "        app: " + name + "\n    spec:\n      containers:\n      - name: c\n        image: " + image + "\n";
  }

  private static JsonNode entry(JsonNode obj, String manager) {
    for (JsonNode e : obj.path("metadata").path("managedFields")) {
      if (e.path("manager").asText().equals(manager)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void applyCreatesThenUpdatesAndConflictsWithAnotherManagersChange() throws Exception {
    var created = apply(DEPLOYS + "/web", "?fieldManager=kubectl", deployment("web", 2, "nginx:1"));
    assertEquals(201, created.code(), created.body().toString());
    JsonNode mine = entry(created.body(), "kubectl");
    assertEquals("Apply", mine.path("operation").asText());
    assertEquals("apps/v1", mine.path("apiVersion").asText());
    assertTrue(mine.path("fieldsV1").path("f:spec").path("f:template").path("f:spec").path("f:containers")
        .has("k:{\"name\":\"c\"}"), mine.toString());
    assertEquals("IfNotPresent", created.body().at("/spec/template/spec/containers/0/imagePullPolicy").asText(),
        "the applied object is defaulted");

    var updated = apply(DEPLOYS + "/web", "?fieldManager=kubectl", deployment("web", 2, "nginx:2"));
    assertEquals(200, updated.code());
    assertEquals("nginx:2", updated.body().at("/spec/template/spec/containers/0/image").asText());
    assertEquals(2, updated.body().at("/metadata/generation").asInt());

    var scaled = patch(DEPLOYS + "/web?fieldManager=scaler", "{\"spec\":{\"replicas\":5}}");
    assertEquals(200, scaled.code());
    assertEquals("Update", entry(scaled.body(), "scaler").path("operation").asText());

    var conflict = apply(DEPLOYS + "/web", "?fieldManager=kubectl", deployment("web", 2, "nginx:2"));
    assertEquals(409, conflict.code());
    assertEquals("Apply failed with 1 conflict: conflict with \"scaler\" using apps/v1: .spec.replicas",
        conflict.body().path("message").asText());
    assertEquals("FieldManagerConflict", conflict.body().at("/details/causes/0/reason").asText());
    assertEquals(".spec.replicas", conflict.body().at("/details/causes/0/field").asText());

    var forced = apply(DEPLOYS + "/web", "?fieldManager=kubectl&force=true", deployment("web", 2, "nginx:2"));
    assertEquals(200, forced.code());
    assertEquals(2, forced.body().at("/spec/replicas").asInt());
    assertEquals(null, entry(forced.body(), "scaler"), "the scaler owned only replicas, and lost them");
  }

  private static TestApi.Response patch(String path, String mergePatch) throws Exception {
    HttpResponse<String> r = api.client().send(HttpRequest.newBuilder(URI.create(api.base + path))
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(mergePatch)).build(), HttpResponse.BodyHandlers.ofString());
    return new TestApi.Response(r.statusCode(), Json.parse(r.body()));
  }

  @Test
  void aManagerRemovesOnlyTheKeysItStoppedApplying() throws Exception {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n";
    assertEquals(201, apply(CMS + "/shared", "?fieldManager=alice", cm + "  a: \"1\"\n").code());
    assertEquals(200, apply(CMS + "/shared", "?fieldManager=bob", cm + "  b: \"2\"\n").code());
    var out = apply(CMS + "/shared", "?fieldManager=alice", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n");
    assertEquals(200, out.code());
    assertEquals(Json.parse("{\"b\":\"2\"}"), out.body().path("data"));
    assertEquals(Json.parse("{\"b\":\"2\"}"), api.get(CMS + "/shared").body().path("data"));
  }

  @Test
  void applyNeedsAFieldManagerAndDryRunWritesNothing() throws Exception {
    var missing = apply(CMS + "/x", "", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    assertEquals(422, missing.code());
    assertEquals("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
        missing.body().path("message").asText());
    var dry = apply(CMS + "/dry", "?fieldManager=a&dryRun=All", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
        + "  name: dry\ndata:\n  k: v\n");
    assertEquals(201, dry.code());
    assertEquals("v", dry.body().path("data").path("k").asText());
    assertEquals(404, api.get(CMS + "/dry").code());
  }

  @Test
  void everyWriteRecordsItsManagerFromTheParameterOrTheUserAgent() throws Exception {
    var created = api.post(CMS + "?fieldManager=creator", TestApi.configMap("tracked", "k", "v"));
    JsonNode e = entry(created.body(), "creator");
    assertEquals("Update", e.path("operation").asText());
    assertEquals(Json.parse("{\"f:data\":{\".\":{},\"f:k\":{}}}"), e.path("fieldsV1"));
    assertFalse(e.path("time").asText().isEmpty());

    HttpResponse<String> r = api.client().send(HttpRequest.newBuilder(URI.create(api.base + CMS + "/tracked"))
        .header("Content-Type", "application/merge-patch+json").header("User-Agent", "kubectl/v1.32.0 (linux/amd64)")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"k2\":\"v\"}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode patched = Json.parse(r.body());
    assertEquals(Json.parse("{\"f:data\":{\"f:k2\":{}}}"), entry(patched, "kubectl").path("fieldsV1"));

    JsonNode reset = Json.parse(r.body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) reset.get("metadata")).putArray("managedFields");
    var put = api.put(CMS + "/tracked", Json.write(reset));
    assertFalse(put.body().path("metadata").has("managedFields"), put.body().toString());
  }
}
