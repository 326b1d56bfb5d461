package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.endpoints.EndpointsController;
import dev.kplane.controllers.endpointslice.EndpointSliceController;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Service with a selector and pods whose status the test sets: its EndpointSlice and Endpoints follow. */
class EndpointsIT {
  static final String PODS = "/api/v1/namespaces/default/pods";
  static LiveCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LiveCluster("ep", new EndpointSliceController(), new EndpointsController());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @org.junit.jupiter.api.AfterEach
  void diagnose() {
    System.out.println("failed door replies:\n" + cluster.failedReplies());
    System.out.println("endpoints: " + cluster.get("/api/v1/namespaces/default/endpoints/web").body());
  }

  static void pod(String name, String ip, boolean ready) {
    var created = cluster.post(PODS, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
        + "\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\","
        + "\"image\":\"busybox\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}]}]}}");
    assertEquals(201, created.code(), String.valueOf(created.body()));
    ObjectNode pod = (ObjectNode) created.body();
    ObjectNode status = pod.putObject("status").put("phase", "Running").put("podIP", ip);
    status.putArray("podIPs").addObject().put("ip", ip);
    status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False");
    var put = cluster.put(PODS + "/" + name + "/status", pod.toString());
    assertEquals(200, put.code(), String.valueOf(put.body()));
  }

  static List<JsonNode> endpoints() {
    var list = cluster.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices"
        + "?labelSelector=kubernetes.io/service-name%3Dweb").body();
    List<JsonNode> out = new ArrayList<>();
    list.path("items").forEach(s -> s.path("endpoints").forEach(out::add));
    return out;
  }

  @Test
  void aServiceGetsItsEndpointSliceAndEndpoints() throws Exception {
    var svc = cluster.post("/api/v1/namespaces/default/services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
        + "\"metadata\":{\"name\":\"web\"},\"spec\":{\"selector\":{\"app\":\"web\"},"
        + "\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":\"http\"}]}}");
    assertEquals(201, svc.code(), String.valueOf(svc.body()));
    pod("ready", "10.244.0.11", true);
    pod("starting", "10.244.0.12", false);

    LiveCluster.await("two endpoints in the slice", () -> endpoints().size() == 2);
    var slices = cluster.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices"
        + "?labelSelector=kubernetes.io/service-name%3Dweb").body().path("items");
    assertEquals(1, slices.size());
    JsonNode slice = slices.get(0);
    assertEquals("endpointslice-controller.k8s.io",
        slice.path("metadata").path("labels").path("endpointslice.kubernetes.io/managed-by").asText());
    assertEquals(svc.body().path("metadata").path("uid").asText(),
        slice.path("metadata").path("ownerReferences").get(0).path("uid").asText());
    assertEquals("[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}]", slice.path("ports").toString());
    for (JsonNode ep : slice.path("endpoints")) {
      boolean ready = ep.path("targetRef").path("name").asText().equals("ready");
      assertEquals(ready ? "10.244.0.11" : "10.244.0.12", ep.path("addresses").get(0).asText());
      assertEquals("{\"ready\":" + ready + ",\"serving\":" + ready + ",\"terminating\":false}",
          Json.write(ep.path("conditions")));
      assertEquals("n1", ep.path("nodeName").asText());
    }

    LiveCluster.await("legacy endpoints", () -> cluster.get("/api/v1/namespaces/default/endpoints/web").code() == 200
        && cluster.get("/api/v1/namespaces/default/endpoints/web").body().path("subsets").path(0).has("notReadyAddresses"));
    JsonNode subset = cluster.get("/api/v1/namespaces/default/endpoints/web").body().path("subsets").get(0);
    assertEquals("10.244.0.11", subset.path("addresses").get(0).path("ip").asText());
    assertEquals("10.244.0.12", subset.path("notReadyAddresses").get(0).path("ip").asText());
    assertEquals(8080, subset.path("ports").get(0).path("port").asInt());

    // the pod that was starting becomes ready
    ObjectNode starting = (ObjectNode) cluster.get(PODS + "/starting").body();
    ((ObjectNode) starting.at("/status/conditions/0")).put("status", "True");
    assertEquals(200, cluster.put(PODS + "/starting/status", starting.toString()).code());
    LiveCluster.await("both ready in the slice", () -> endpoints().stream()
        .allMatch(ep -> ep.path("conditions").path("ready").asBoolean()));
    LiveCluster.await("both ready in the endpoints", () -> cluster.get("/api/v1/namespaces/default/endpoints/web")
        .body().path("subsets").path(0).path("addresses").size() == 2);
  }
}
