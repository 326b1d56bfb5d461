package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.controllers.lifecycle.ObjectLifecycleController;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Owners and dependents (ConfigMaps owning ConfigMaps) deleted with each propagation policy. */
class GarbageCollectorIT {
  static final String CMS = "/api/v1/namespaces/default/configmaps";
  static LiveCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LiveCluster("gc", new ObjectLifecycleController());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static String owner(String name) {
    var r = cluster.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}");
    assertEquals(201, r.code(), String.valueOf(r.body()));
    return r.body().path("metadata").path("uid").asText();
  }

  static void dependent(String name, String owner, String ownerUid) {
    var r = cluster.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"" + owner + "\",\"uid\":\""
        + ownerUid + "\",\"blockOwnerDeletion\":true}]}}");
    assertEquals(201, r.code(), String.valueOf(r.body()));
  }

  @Test
  void foregroundDeletionRemovesDependentsBeforeTheOwner() throws Exception {
    String uid = owner("fg-owner");
    dependent("fg-a", "fg-owner", uid);
    dependent("fg-b", "fg-owner", uid);
    String rv = cluster.get(CMS).body().path("metadata").path("resourceVersion").asText();
    var deleted = cluster.delete(CMS + "/fg-owner", "{\"propagationPolicy\":\"Foreground\"}");
    assertEquals(200, deleted.code());
    assertEquals("[\"foregroundDeletion\"]", deleted.body().path("metadata").path("finalizers").toString());
    List<String> order = cluster.watch(CMS, rv, events -> deletedNames(events).contains("fg-owner")).stream()
        .filter(e -> e.path("type").asText().equals("DELETED"))
        .map(e -> e.path("object").path("metadata").path("name").asText()).toList();
    assertEquals(3, order.size(), order.toString());
    assertEquals("fg-owner", order.get(2), order.toString());
    assertEquals(404, cluster.get(CMS + "/fg-a").code());
  }

  @Test
  void orphanDeletionLeavesDependentsWithoutTheReference() throws Exception {
    String uid = owner("or-owner");
    dependent("or-a", "or-owner", uid);
    assertEquals(200, cluster.delete(CMS + "/or-owner", "{\"propagationPolicy\":\"Orphan\"}").code());
    LiveCluster.await("orphan owner gone", () -> cluster.get(CMS + "/or-owner").code() == 404);
    JsonNode orphan = cluster.get(CMS + "/or-a").body();
    assertTrue(orphan.path("metadata").path("ownerReferences").isMissingNode(), orphan.toString());
  }

  @Test
  void backgroundDeletionCollectsDependentsOfAGoneOwner() throws Exception {
    String uid = owner("bg-owner");
    dependent("bg-a", "bg-owner", uid);
    assertEquals(200, cluster.delete(CMS + "/bg-owner", null).code());
    LiveCluster.await("dependent collected", () -> cluster.get(CMS + "/bg-a").code() == 404);
  }

  private static List<String> deletedNames(List<JsonNode> events) {
    return events.stream().filter(e -> e.path("type").asText().equals("DELETED"))
        .map(e -> e.path("object").path("metadata").path("name").asText()).toList();
  }
}
