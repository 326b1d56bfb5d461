package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting a namespace: Terminating until the finalize subresource empties spec.finalizers, as kube-apiserver. */
class NamespaceTerminationIT {
  private static TestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("nsterm");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void shouldKeepATerminatingNamespaceUntilItIsFinalized() {
    assertEquals(201, api.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":"
        + "{\"name\":\"going\"}}").code());
    assertEquals(201, api.post("/api/v1/namespaces/going/configmaps", TestApi.configMap("c", "a", "1")).code());

    var deleted = api.delete("/api/v1/namespaces/going", null);
    assertEquals(200, deleted.code(), deleted.body().toString());
    assertEquals("Terminating", deleted.body().path("status").path("phase").asText());
    assertTrue(deleted.body().path("metadata").hasNonNull("deletionTimestamp"));
    assertEquals("[\"kubernetes\"]", deleted.body().path("spec").path("finalizers").toString());

    var again = api.delete("/api/v1/namespaces/going", null);
    assertEquals(200, again.code());
    assertEquals("Terminating", again.body().path("status").path("phase").asText());
    assertEquals(403, api.post("/api/v1/namespaces/going/configmaps", TestApi.configMap("d", "a", "1")).code());

    // a status write (the namespace controller's conditions) does not remove it
    var ns = api.get("/api/v1/namespaces/going").body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) ns.get("status")).putArray("conditions").addObject()
        .put("type", "NamespaceContentRemaining").put("status", "False").put("reason", "ContentRemoved");
    assertEquals(200, api.put("/api/v1/namespaces/going/status", ns.toString()).code());
    assertEquals(200, api.get("/api/v1/namespaces/going").code());

    var current = api.get("/api/v1/namespaces/going").body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) current.get("spec")).putArray("finalizers");
    var finalized = api.put("/api/v1/namespaces/going/finalize", current.toString());
    assertEquals(200, finalized.code(), finalized.body().toString());
    assertEquals(404, api.get("/api/v1/namespaces/going").code());
  }

  @Test
  void shouldRefuseToDeleteTheSystemNamespaces() {
    var refused = api.delete("/api/v1/namespaces/default", null);
    assertEquals(403, refused.code());
    assertEquals("namespaces \"default\" is forbidden: this namespace may not be deleted",
        refused.body().path("message").asText());
    assertEquals(200, api.get("/api/v1/namespaces/kube-system").code());
  }

  @Test
  void shouldOnlyChangeFinalizersThroughFinalize() {
    assertEquals(201, api.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":"
        + "{\"name\":\"kept\",\"labels\":{\"a\":\"1\"}}}").code());
    var ns = api.get("/api/v1/namespaces/kept").body();
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) ns.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("metadata")).putObject("labels").put("a", "2");
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("spec")).putArray("finalizers").add("example.com/x");
    var put = api.put("/api/v1/namespaces/kept/finalize", body.toString());
    assertEquals(200, put.code(), put.body().toString());
    assertEquals("[\"example.com/x\"]", put.body().path("spec").path("finalizers").toString());
    assertEquals("1", put.body().path("metadata").path("labels").path("a").asText());
    assertEquals("Active", api.get("/api/v1/namespaces/kept").body().path("status").path("phase").asText());

    // a PUT of the namespace itself does not change them
    var replaced = (com.fasterxml.jackson.databind.node.ObjectNode) put.body().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) replaced.get("spec")).putArray("finalizers");
    ((com.fasterxml.jackson.databind.node.ObjectNode) replaced.get("metadata")).putObject("labels").put("a", "3");
    var updated = api.put("/api/v1/namespaces/kept", replaced.toString());
    assertEquals(200, updated.code(), updated.body().toString());
    assertEquals("3", updated.body().path("metadata").path("labels").path("a").asText());
    assertEquals("[\"example.com/x\"]", updated.body().path("spec").path("finalizers").toString());
  }
}
