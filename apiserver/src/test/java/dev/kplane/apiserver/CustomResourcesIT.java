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
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CustomResourceDefinitions served at once: discovery, CRUD, watch and patch of custom resources, schema validation,
 * pruning and defaults, the status and scale subresources, printer columns, deletion of a CRD with its objects, and
 * a second API server instance serving what the first defined.
 */
@ExtendWith(SharedKafka.class)
class CustomResourcesIT {
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  static String cronTabCrd(String group) {
    return """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"crontabs.GROUP"},
         "spec":{"group":"GROUP","scope":"Namespaced",
           "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab","shortNames":["ct"],"categories":["all"]},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","required":["cronSpec"],"properties":{
                 "cronSpec":{"type":"string"},"image":{"type":"string"},
                 "replicas":{"type":"integer","minimum":0,"default":1}}},
               "status":{"type":"object","properties":{"replicas":{"type":"integer"},"labelSelector":{"type":"string"}}}}}},
             "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas",
               "statusReplicasPath":".status.replicas","labelSelectorPath":".status.labelSelector"}},
             "additionalPrinterColumns":[{"name":"Spec","type":"string","jsonPath":".spec.cronSpec"},
               {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"}]}]}}
        """.replace("GROUP", group);
  }

  static String cronTab(String group, String name, String spec) {
    return "{\"apiVersion\":\"" + group + "/v1\",\"kind\":\"CronTab\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":" + spec + "}";
  }

  private static TestApi.Response send(TestApi api, String method, String path, String contentType, String accept,
                                       String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + path)).timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = api.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new TestApi.Response(r.statusCode(), r.body().isEmpty() || r.body().startsWith("{\"type\"") ? null
        : Json.parse(r.body()));
  }

  private static String raw(TestApi api, String path) throws Exception {
    return api.client().send(HttpRequest.newBuilder(URI.create(api.base + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void await(String what, BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private static boolean discovered(TestApi api, String group) {
    JsonNode list = api.get("/apis/" + group + "/v1").body();
    return list != null && list.path("resources").toString().contains("\"crontabs\"");
  }

  @Test
  void shouldServeACustomResourceDefinitionAtOnce() throws Exception {
    String group = "stable.example.com";
    String crs = "/apis/" + group + "/v1/namespaces/default/crontabs";
    try (TestApi api = TestApi.start("crd")) {
      var created = api.post(CRDS, cronTabCrd(group));
      assertEquals(201, created.code(), () -> created.body().toString());
      assertEquals("[\"customresourcecleanup.apiextensions.k8s.io\"]", created.body().at("/metadata/finalizers").toString());
      assertEquals("None", created.body().at("/spec/conversion/strategy").asText());
      assertEquals("CronTabList", created.body().at("/spec/names/listKind").asText());
      // how fast is a matter for a benchmark; the limits here only keep a broken build from hanging
      await("discovery", () -> discovered(api, group), 30_000);
      JsonNode crd = api.get(CRDS + "/crontabs." + group).body();
      assertTrue(crd.at("/status/conditions").toString().contains("\"type\":\"Established\",\"status\":\"True\""),
          crd.at("/status").toString());
      assertEquals("crontabs", crd.at("/status/acceptedNames/plural").asText());
      String aggregated = send(api, "GET", "/apis", null,
          "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", null).body().toString();
      assertTrue(aggregated.contains("\"shortNames\":[\"ct\"]") && aggregated.contains("\"categories\":[\"all\"]"), aggregated);

      // create: unknown fields pruned, defaults applied, generation 1
      var cr = api.post(crs, cronTab(group, "x", "{\"cronSpec\":\"* * * * */5\",\"image\":\"img\",\"bogus\":1}"));
      assertEquals(201, cr.code(), () -> cr.body().toString());
      assertEquals("{\"cronSpec\":\"* * * * */5\",\"image\":\"img\",\"replicas\":1}", cr.body().path("spec").toString());
      assertEquals(1, cr.body().at("/metadata/generation").asLong());
      assertEquals(group + "/v1", api.get(crs + "/x").body().path("apiVersion").asText());

      // a schema violation is a 422 with kube's message
      var bad = api.post(crs, cronTab(group, "y", "{\"cronSpec\":\"*\",\"image\":5}"));
      assertEquals(422, bad.code());
      assertEquals("CronTab.stable.example.com \"y\" is invalid: spec.image: Invalid value: \"integer\": spec.image "
          + "in body must be of type string: \"integer\"", bad.body().path("message").asText());
      // a replicas field that is also the scale subresource's specReplicasPath fails both checks, as in kube
      var badReplicas = api.post(crs, cronTab(group, "y", "{\"cronSpec\":\"*\",\"replicas\":\"string\"}"));
      assertEquals("CronTab.stable.example.com \"y\" is invalid: [spec.replicas: Invalid value: \"string\": spec.replicas "
          + "in body must be of type integer: \"string\", .spec.replicas: Invalid value: 0: .spec.replicas accessor error: "
          + "string is of the type string, expected int64]", badReplicas.body().path("message").asText());
      var missing = api.post(crs, cronTab(group, "z", "{}"));
      assertEquals("CronTab.stable.example.com \"z\" is invalid: spec.cronSpec: Required value",
          missing.body().path("message").asText());

      // list, watch, patches
      String listRv = api.get(crs).body().at("/metadata/resourceVersion").asText();
      assertEquals(1, api.get(crs).body().path("items").size());
      var merge = send(api, "PATCH", crs + "/x", "application/merge-patch+json", null, "{\"spec\":{\"image\":\"img2\"}}");
      assertEquals(200, merge.code());
      assertEquals(2, merge.body().at("/metadata/generation").asLong());
      var json = send(api, "PATCH", crs + "/x", "application/json-patch+json", null,
          "[{\"op\":\"replace\",\"path\":\"/spec/cronSpec\",\"value\":\"1 * * * *\"}]");
      assertEquals("1 * * * *", json.body().at("/spec/cronSpec").asText());
      var smp = send(api, "PATCH", crs + "/x", "application/strategic-merge-patch+json", null, "{\"spec\":{}}");
      assertEquals(415, smp.code());
      String events = raw(api, crs + "?watch=true&resourceVersion=" + listRv + "&timeoutSeconds=1");
      assertTrue(events.contains("\"type\":\"MODIFIED\"") && events.contains("img2"), events);

      // status: a spec write keeps the status, a status write changes only the status and not the generation
      var status = api.put(crs + "/x/status", Json.write(api.get(crs + "/x").body()).replace("\"spec\":{",
          "\"status\":{\"replicas\":2,\"labelSelector\":\"app=x\"},\"spec\":{\"image\":\"ignored\","));
      assertEquals(200, status.code(), () -> status.body().toString());
      assertEquals(2, status.body().at("/status/replicas").asLong());
      assertEquals("img2", status.body().at("/spec/image").asText());
      assertEquals(3, status.body().at("/metadata/generation").asLong());
      var specWrite = send(api, "PATCH", crs + "/x", "application/merge-patch+json", null,
          "{\"status\":{\"replicas\":9},\"spec\":{\"image\":\"img3\"}}");
      assertEquals(2, specWrite.body().at("/status/replicas").asLong());

      // scale
      JsonNode scale = api.get(crs + "/x/scale").body();
      assertEquals("Scale", scale.path("kind").asText());
      assertEquals(1, scale.at("/spec/replicas").asLong());
      assertEquals(2, scale.at("/status/replicas").asLong());
      assertEquals("app=x", scale.at("/status/selector").asText());
      var scaled = send(api, "PATCH", crs + "/x/scale", "application/merge-patch+json", null, "{\"spec\":{\"replicas\":3}}");
      assertEquals(3, scaled.body().at("/spec/replicas").asLong());
      assertEquals(3, api.get(crs + "/x").body().at("/spec/replicas").asLong());

      // printer columns
      JsonNode table = send(api, "GET", crs, null, TABLE, null).body();
      assertEquals("[Name, Spec, Replicas]", table.path("columnDefinitions").findValuesAsText("name").toString());
      assertEquals("[\"x\",\"1 * * * *\",3]", table.at("/rows/0/cells").toString());

      // OpenAPI
      String v3 = raw(api, "/openapi/v3/apis/" + group + "/v1");
      assertTrue(v3.contains("com.example.stable.v1.CronTab") && v3.contains("x-kubernetes-group-version-kind"), v3);

      // deleting the CRD deletes its objects, then the CRD, and stops serving it
      var deleted = api.delete(CRDS + "/crontabs." + group, null);
      assertEquals(200, deleted.code());
      await("the CRD to go", () -> api.get(CRDS + "/crontabs." + group).code() == 404, 30_000);
      await("the resource to stop being served", () -> api.get(crs).code() == 404, 30_000);
      assertFalse(discovered(api, group));

      // a new CRD of the same name starts empty
      assertEquals(201, api.post(CRDS, cronTabCrd(group)).code());
      await("discovery again", () -> discovered(api, group), 30_000);
      assertEquals(0, api.get(crs).body().path("items").size());
    }
  }

  @Test
  void shouldServeOnASecondInstanceWhatTheFirstDefined() throws Exception {
    String prefix = SharedKafka.uniquePrefix("crd2");
    String group = "two.example.com";
    String crs = "/apis/" + group + "/v1/namespaces/default/crontabs";
    try (TestApi first = TestApi.start(prefix, "apiserver-a", 10_000);
         TestApi second = TestApi.start(prefix, "apiserver-b", 10_000)) {
      assertEquals(201, first.post(CRDS, cronTabCrd(group)).code());
      await("the second instance to serve the CRD", () -> discovered(second, group), 30_000);
      var cr = second.post(crs, cronTab(group, "a", "{\"cronSpec\":\"* * * * *\"}"));
      assertEquals(201, cr.code(), () -> cr.body().toString());
      assertEquals(1, first.get(crs + "/a").body().at("/spec/replicas").asLong());
    }
    try (TestApi restarted = TestApi.start(prefix, "apiserver-c", 10_000)) {
      assertTrue(discovered(restarted, group), "a restarted instance serves the stored CRDs when it is ready");
      assertEquals("a", restarted.get(crs).body().at("/items/0/metadata/name").asText());
    }
  }

  @Test
  void shouldRefuseAnInvalidCrdWithKubesMessage() throws Exception {
    try (TestApi api = TestApi.start("crdbad")) {
      String crd = cronTabCrd("bad.example.com").replace("\"name\":\"crontabs.bad.example.com\"", "\"name\":\"tabs.bad.example.com\"")
          .replace("\"cronSpec\":{\"type\":\"string\"}", "\"cronSpec\":{}");
      var r = api.post(CRDS, crd);
      assertEquals(422, r.code());
      assertEquals("CustomResourceDefinition.apiextensions.k8s.io \"tabs.bad.example.com\" is invalid: ["
          + "metadata.name: Invalid value: \"tabs.bad.example.com\": must be spec.names.plural+\".\"+spec.group, "
          + "spec.validation.openAPIV3Schema.properties[spec].properties[cronSpec].type: Required value: must not be "
          + "empty for specified object fields]", r.body().path("message").asText());
    }
  }
}
