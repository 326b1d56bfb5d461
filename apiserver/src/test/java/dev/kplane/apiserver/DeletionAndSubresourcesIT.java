package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.testkit.SharedKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DELETE options (propagation, grace periods), deletecollection, and the scale, binding and eviction subresources. */
@ExtendWith(SharedKafka.class)
class DeletionAndSubresourcesIT {
  private static final String PODS = "/api/v1/namespaces/default/pods";
  private static final String DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
  private static TestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("del");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String pod(String name, String labels) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels
        + "}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
  }

  private static String deployment(String name) {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
        + "\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"},\"matchExpressions\":[{\"key\":"
        + "\"tier\",\"operator\":\"In\",\"values\":[\"web\",\"api\"]}]},\"template\":{\"metadata\":{\"labels\":{\"app\":\""
        + name + "\",\"tier\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}";
  }

  private static TestApi.Response patch(String path, String contentType, String body) throws Exception {
    HttpResponse<String> r = api.client().send(HttpRequest.newBuilder(URI.create(api.base + path))
        .header("Content-Type", contentType).method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new TestApi.Response(r.statusCode(), dev.kplane.schemas.Json.parse(r.body()));
  }

  @Test
  void propagationPoliciesBecomeGarbageCollectorFinalizers() {
    assertEquals(201, api.post(DEPLOYS, deployment("orphaned")).code());
    var orphan = api.delete(DEPLOYS + "/orphaned", "{\"propagationPolicy\":\"Orphan\"}");
    assertEquals(200, orphan.code());
    assertEquals("[\"orphan\"]", orphan.body().path("metadata").path("finalizers").toString());
    assertTrue(orphan.body().path("metadata").has("deletionTimestamp"));

    assertEquals(201, api.post(DEPLOYS, deployment("foreground")).code());
    var fg = api.delete(DEPLOYS + "/foreground?propagationPolicy=Foreground", null);
    assertEquals("[\"foregroundDeletion\"]", fg.body().path("metadata").path("finalizers").toString());

    assertEquals(201, api.post(DEPLOYS, deployment("background")).code());
    var bg = api.delete(DEPLOYS + "/background", "{\"propagationPolicy\":\"Background\"}");
    assertEquals("Success", bg.body().path("status").asText());
    assertEquals(404, api.get(DEPLOYS + "/background").code());

    var bad = api.delete(DEPLOYS + "/orphaned", "{\"propagationPolicy\":\"Sideways\"}");
    assertEquals(422, bad.code());
    assertEquals("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": "
        + "supported values: \"Foreground\", \"Background\", \"Orphan\"", bad.body().path("message").asText());
  }

  @Test
  void aPodOnANodeIsDeletedGracefullyAndAtOnceWithGracePeriodZero() {
    assertEquals(201, api.post(PODS, pod("unscheduled", "")).code());
    assertEquals("Success", api.delete(PODS + "/unscheduled", null).body().path("status").asText());

    assertEquals(201, api.post(PODS, pod("graceful", "")).code());
    var bound = api.post(PODS + "/graceful/binding", "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":"
        + "{\"name\":\"graceful\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}");
    assertEquals(201, bound.code(), bound.body().toString());
    var pending = api.delete(PODS + "/graceful", "{\"gracePeriodSeconds\":45}");
    assertEquals(200, pending.code());
    assertEquals(45, pending.body().path("metadata").path("deletionGracePeriodSeconds").asInt());
    assertEquals(200, api.get(PODS + "/graceful").code());
    // a longer period does not extend it; zero deletes now
    assertEquals(45, api.delete(PODS + "/graceful", "{\"gracePeriodSeconds\":60}").body()
        .path("metadata").path("deletionGracePeriodSeconds").asInt());
    assertEquals("Success", api.delete(PODS + "/graceful", "{\"gracePeriodSeconds\":0}").body().path("status").asText());
    assertEquals(404, api.get(PODS + "/graceful").code());
  }

  @Test
  void deleteCollectionDeletesWhatTheSelectorSelects() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      names.add("dc-" + i);
      assertEquals(201, api.post(PODS, pod("dc-" + i, "\"batch\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"")).code());
    }
    var deleted = api.delete(PODS + "?labelSelector=batch%3Deven", null);
    assertEquals(200, deleted.code());
    assertEquals("PodList", deleted.body().path("kind").asText());
    List<String> gone = new ArrayList<>();
    deleted.body().path("items").forEach(i -> gone.add(i.path("metadata").path("name").asText()));
    assertEquals(List.of("dc-0", "dc-2"), gone);
    assertEquals(404, api.get(PODS + "/dc-0").code());
    assertEquals(200, api.get(PODS + "/dc-1").code());
  }

  @Test
  void scaleSubresourceReadsAndWritesReplicas() throws Exception {
    assertEquals(201, api.post(DEPLOYS, deployment("scaled")).code());
    JsonNode scale = api.get(DEPLOYS + "/scaled/scale").body();
    assertEquals("Scale", scale.path("kind").asText());
    assertEquals("autoscaling/v1", scale.path("apiVersion").asText());
    assertEquals(2, scale.path("spec").path("replicas").asInt());
    assertEquals("app=scaled,tier in (api,web)", scale.path("status").path("selector").asText());

    var patched = patch(DEPLOYS + "/scaled/scale", "application/merge-patch+json", "{\"spec\":{\"replicas\":7}}");
    assertEquals(200, patched.code(), patched.body().toString());
    assertEquals(7, api.get(DEPLOYS + "/scaled").body().path("spec").path("replicas").asInt());

    String rv = patched.body().path("metadata").path("resourceVersion").asText();
    var put = api.put(DEPLOYS + "/scaled/scale", "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":"
        + "{\"name\":\"scaled\",\"resourceVersion\":\"" + rv + "\"},\"spec\":{\"replicas\":3}}");
    assertEquals(200, put.code(), put.body().toString());
    var stale = api.put(DEPLOYS + "/scaled/scale", "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":"
        + "{\"name\":\"scaled\",\"resourceVersion\":\"" + rv + "\"},\"spec\":{\"replicas\":4}}");
    assertEquals(409, stale.code());
    var negative = api.put(DEPLOYS + "/scaled/scale", "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\","
        + "\"metadata\":{\"name\":\"scaled\"},\"spec\":{\"replicas\":-1}}");
    assertEquals(422, negative.code());
    assertEquals(3, api.get(DEPLOYS + "/scaled").body().path("spec").path("replicas").asInt());
  }

  @Test
  void aPodIsBoundOnceAndABindingWithAStaleVersionIsRefused() {
    var created = api.post(PODS, pod("bind-me", "")).body();
    String rv = created.path("metadata").path("resourceVersion").asText();
    String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bind-me\",\"resourceVersion\":\""
        + rv + "\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-a\"}}";
    assertEquals(201, api.post(PODS + "/bind-me/binding", binding).code());
    var again = api.post(PODS + "/bind-me/binding", binding.replace("node-a", "node-b").replace(",\"resourceVersion\":\"" + rv + "\"", ""));
    assertEquals(409, again.code());
    assertEquals("Operation cannot be fulfilled on pods \"bind-me\": pod bind-me is already assigned to node \"node-a\"",
        again.body().path("message").asText());
    var stale = api.post(PODS + "/bind-me/binding", binding);
    assertEquals(409, stale.code());
    JsonNode pod = api.get(PODS + "/bind-me").body();
    assertEquals("node-a", pod.path("spec").path("nodeName").asText());
    assertEquals("True", pod.path("status").path("conditions").get(0).path("status").asText());
  }

  @Test
  void evictionRespectsTheDisruptionBudget() {
    assertEquals(201, api.post(PODS, pod("guarded", "\"role\":\"db\"")).code());
    // a running pod: make it so through the status subresource
    var status = api.put(PODS + "/guarded/status", pod("guarded", "\"role\":\"db\"").replace("}]}}",
        "}]},\"status\":{\"phase\":\"Running\"}}"));
    assertEquals(200, status.code(), status.body().toString());
    var pdb = api.post("/apis/policy/v1/namespaces/default/poddisruptionbudgets", "{\"apiVersion\":\"policy/v1\","
        + "\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":\"db\"},\"spec\":{\"minAvailable\":1,\"selector\":"
        + "{\"matchLabels\":{\"role\":\"db\"}}}}");
    assertEquals(201, pdb.code());
    var refused = api.post(PODS + "/guarded/eviction", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
        + "\"metadata\":{\"name\":\"guarded\"}}");
    assertEquals(429, refused.code());
    assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", refused.body().path("message").asText());
    assertEquals(200, api.get(PODS + "/guarded").code());

    assertEquals(201, api.post(PODS, pod("free", "\"role\":\"cache\"")).code());
    var evicted = api.post(PODS + "/free/eviction", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
        + "\"metadata\":{\"name\":\"free\"}}");
    assertEquals(201, evicted.code(), evicted.body().toString());
    assertEquals(404, api.get(PODS + "/free").code());
  }

  @Test
  void ephemeralContainersCanOnlyBeAddedThroughTheirSubresource() throws Exception {
    assertEquals(201, api.post(PODS, pod("debugged", "")).code());
    var added = patch(PODS + "/debugged/ephemeralcontainers", "application/strategic-merge-patch+json",
        "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"dbg\",\"image\":\"busybox\",\"targetContainerName\":\"c\"}]}}");
    assertEquals(200, added.code(), added.body().toString());
    JsonNode pod = api.get(PODS + "/debugged").body();
    assertEquals("dbg", pod.at("/spec/ephemeralContainers/0/name").asText());
    assertEquals("/dev/termination-log", pod.at("/spec/ephemeralContainers/0/terminationMessagePath").asText());
    assertEquals("c", pod.at("/spec/containers/0/name").asText());

    var removed = api.put(PODS + "/debugged/ephemeralcontainers", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
        + "\"metadata\":{\"name\":\"debugged\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}],"
        + "\"ephemeralContainers\":[]}}");
    assertEquals(422, removed.code());
    assertEquals("Pod \"debugged\" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "
        + "\"dbg\" may not be removed", removed.body().path("message").asText());
    assertEquals("dbg", api.get(PODS + "/debugged").body().at("/spec/ephemeralContainers/0/name").asText());
  }
}
