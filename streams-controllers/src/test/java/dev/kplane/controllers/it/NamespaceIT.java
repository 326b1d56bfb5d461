package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.controllers.lifecycle.ObjectLifecycleController;
import dev.kplane.controllers.serviceaccount.ServiceAccountsController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting a namespace empties it and then removes it; every namespace keeps a default ServiceAccount. */
class NamespaceIT {
  static LiveCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LiveCluster("ns", new ObjectLifecycleController(), new ServiceAccountsController());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static String condition(JsonNode ns, String type, String field) {
    for (JsonNode c : ns.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path(field).asText();
      }
    }
    return "";
  }

  @org.junit.jupiter.api.AfterEach
  void diagnose(org.junit.jupiter.api.TestInfo info) {
    System.out.println("failed door replies after " + info.getDisplayName() + ":\n" + cluster.failedReplies());
  }

  @Test
  void deletingANamespaceRemovesItsContentThenTheNamespace() throws Exception {
    assertEquals(201, cluster.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
        + "\"metadata\":{\"name\":\"doomed\"}}").code());
    String cms = "/api/v1/namespaces/doomed/configmaps";
    assertEquals(201, cluster.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}").code());
    assertEquals(201, cluster.post(cms, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\","
        + "\"finalizers\":[\"example.com/hold\"]}}").code());
    assertEquals(201, cluster.post("/api/v1/namespaces/doomed/services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
        + "\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80}]}}").code());

    assertEquals(200, cluster.delete("/api/v1/namespaces/doomed", null).code());
    LiveCluster.await("the held configmap reported", () -> condition(cluster.get("/api/v1/namespaces/doomed").body(),
        "NamespaceFinalizersRemaining", "message").equals("Some finalizers are remaining: example.com/hold in 1 resource instances"));
    JsonNode ns = cluster.get("/api/v1/namespaces/doomed").body();
    assertEquals("Terminating", ns.path("status").path("phase").asText());
    assertEquals("Some resources are remaining: configmaps. has 1 resource instances",
        condition(ns, "NamespaceContentRemaining", "message"));
    assertEquals(404, cluster.get(cms + "/a").code());
    assertEquals(404, cluster.get("/api/v1/namespaces/doomed/services/s").code());

    assertEquals(200, cluster.patch(cms + "/held", "{\"metadata\":{\"finalizers\":null}}").code());
    LiveCluster.await("namespace gone", () -> cluster.get("/api/v1/namespaces/doomed").code() == 404);
  }

  @Test
  void everyNamespaceHasADefaultServiceAccountEvenAfterItIsDeleted() throws Exception {
    assertEquals(201, cluster.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
        + "\"metadata\":{\"name\":\"team\"}}").code());
    String sa = "/api/v1/namespaces/team/serviceaccounts/default";
    LiveCluster.await("default service account", () -> cluster.get(sa).code() == 200);
    String uid = cluster.get(sa).body().path("metadata").path("uid").asText();
    assertEquals(200, cluster.delete(sa, null).code());
    LiveCluster.await("default service account recreated", () -> {
      var r = cluster.get(sa);
      return r.code() == 200 && !r.body().path("metadata").path("uid").asText().equals(uid);
    });
  }
}
