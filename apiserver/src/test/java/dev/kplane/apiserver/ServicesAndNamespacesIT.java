package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ClusterIP and NodePort allocation, the bootstrap `kubernetes` Service, and NamespaceLifecycle admission. */
@ExtendWith(SharedKafka.class)
class ServicesAndNamespacesIT {
  private static final String SVCS = "/api/v1/namespaces/default/services";
  private static TestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("svc");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String service(String name, String extraSpec) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
        + extraSpec + (extraSpec.isEmpty() ? "" : ",") + "\"selector\":{\"app\":\"x\"},\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}}";
  }

  @Test
  void theKubernetesServiceHoldsTheFirstAddressAndItsEndpointsNameTheServer() {
    JsonNode svc = api.get(SVCS + "/kubernetes").body();
    assertEquals("10.96.0.1", svc.path("spec").path("clusterIP").asText());
    assertEquals(443, svc.path("spec").path("ports").get(0).path("port").asInt());
    JsonNode ep = api.get("/api/v1/namespaces/default/endpoints/kubernetes").body();
    assertEquals(api.server.port(), ep.path("subsets").get(0).path("ports").get(0).path("port").asInt());
    assertEquals(200, api.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes").code());
  }

  @Test
  void shouldAllocateDistinctClusterIpsInTheRangeAndRefuseATakenOne() {
    var a = api.post(SVCS, service("alloc-a", ""));
    var b = api.post(SVCS, service("alloc-b", ""));
    assertEquals(201, a.code(), a.body().toString());
    assertEquals(201, b.code());
    String ipA = a.body().path("spec").path("clusterIP").asText();
    String ipB = b.body().path("spec").path("clusterIP").asText();
    assertTrue(ipA.startsWith("10.9") || ipA.startsWith("10.10") || ipA.startsWith("10.11"), ipA);
    assertNotEquals(ipA, ipB);
    assertEquals(ipA, a.body().path("spec").path("clusterIPs").get(0).asText());

    var taken = api.post(SVCS, service("alloc-c", "\"clusterIP\":\"" + ipA + "\""));
    assertEquals(422, taken.code());
    assertEquals("Service \"alloc-c\" is invalid: spec.clusterIPs: Invalid value: []string{\"" + ipA
        + "\"}: failed to allocate IP " + ipA + ": provided IP is already allocated", taken.body().path("message").asText());
    var outside = api.post(SVCS, service("alloc-d", "\"clusterIP\":\"192.168.0.1\""));
    assertEquals(422, outside.code());
    assertTrue(outside.body().path("message").asText().endsWith(
        "the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12"));
    assertEquals(404, api.get(SVCS + "/alloc-c").code());

    // released on delete: the address can be asked for again
    assertEquals(200, api.delete(SVCS + "/alloc-a", null).code());
    var again = api.post(SVCS, service("alloc-e", "\"clusterIP\":\"" + ipA + "\""));
    assertEquals(201, again.code(), again.body().toString());
  }

  @Test
  void headlessAndExternalNameServicesGetNoAddress() {
    var headless = api.post(SVCS, service("headless", "\"clusterIP\":\"None\""));
    assertEquals("None", headless.body().path("spec").path("clusterIP").asText());
    var ext = api.post(SVCS, "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"ext\"},"
        + "\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}");
    assertEquals(201, ext.code());
    assertTrue(ext.body().path("spec").path("clusterIP").isMissingNode());
  }

  @Test
  void shouldAllocateNodePortsRefuseTakenOnesAndKeepThemOnAnUpdateThatOmitsThem() {
    var np = api.post(SVCS, service("np-a", "\"type\":\"NodePort\""));
    assertEquals(201, np.code(), np.body().toString());
    int port = np.body().path("spec").path("ports").get(0).path("nodePort").asInt();
    assertTrue(port >= 30000 && port <= 32767, "port " + port);
    var dup = api.post(SVCS, service("np-b", "\"type\":\"NodePort\"").replace("\"port\":80,", "\"port\":80,\"nodePort\":" + port + ","));
    assertEquals(422, dup.code());
    assertEquals("Service \"np-b\" is invalid: spec.ports[0].nodePort: Invalid value: " + port
        + ": provided port is already allocated", dup.body().path("message").asText());
    var range = api.post(SVCS, service("np-c", "\"type\":\"NodePort\"").replace("\"port\":80,", "\"port\":80,\"nodePort\":80,"));
    assertEquals("Service \"np-c\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the "
        + "valid range. The range of valid ports is 30000-32767", range.body().path("message").asText());

    // a PUT built from the original manifest (no clusterIP, no nodePort) keeps both
    String ip = np.body().path("spec").path("clusterIP").asText();
    var put = api.put(SVCS + "/np-a", service("np-a", "\"type\":\"NodePort\""));
    assertEquals(200, put.code(), put.body().toString());
    assertEquals(ip, put.body().path("spec").path("clusterIP").asText());
    assertEquals(port, put.body().path("spec").path("ports").get(0).path("nodePort").asInt());

    // switching to ClusterIP releases the node port
    var toClusterIp = api.put(SVCS + "/np-a", service("np-a", "\"type\":\"ClusterIP\""));
    assertEquals(200, toClusterIp.code(), toClusterIp.body().toString());
    var reuse = api.post(SVCS, service("np-d", "\"type\":\"NodePort\"").replace("\"port\":80,", "\"port\":80,\"nodePort\":" + port + ","));
    assertEquals(201, reuse.code(), reuse.body().toString());
  }

  @Test
  void shouldRefuseCreatesInMissingAndTerminatingNamespaces() {
    var missing = api.post("/api/v1/namespaces/nowhere/configmaps", TestApi.configMap("c", "a", "1"));
    assertEquals(404, missing.code());
    assertEquals("namespaces \"nowhere\" not found", missing.body().path("message").asText());

    assertEquals(201, api.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":"
        + "{\"name\":\"leaving\",\"finalizers\":[\"test/hold\"]}}").code());
    assertEquals(201, api.post("/api/v1/namespaces/leaving/configmaps", TestApi.configMap("before", "a", "1")).code());
    assertEquals(200, api.delete("/api/v1/namespaces/leaving", null).code());
    var refused = api.post("/api/v1/namespaces/leaving/configmaps", TestApi.configMap("after", "a", "1"));
    assertEquals(403, refused.code());
    assertEquals("configmaps \"after\" is forbidden: unable to create new content in namespace leaving because it "
        + "is being terminated", refused.body().path("message").asText());
    assertEquals("NamespaceTerminating", refused.body().path("details").path("causes").get(0).path("reason").asText());
  }
}
