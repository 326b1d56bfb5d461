package dev.kplane.controllers.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsDeciderTest {
  static JsonNode service(String extraSpec) {
    return Json.parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"uid\":\"svc-uid\",\"labels\":{\"team\":\"a\"}},"
        + "\"spec\":{\"selector\":{\"app\":\"web\"},\"clusterIP\":\"10.0.0.1\",\"ipFamilies\":[\"IPv4\"],"
        + "\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}]" + extraSpec + "}}");
  }

  static ObjectNode pod(String name, String ip, boolean ready) {
    return (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"uid\":\"u-" + name
        + "\"},\"spec\":{\"nodeName\":\"n1\"},\"status\":{\"phase\":\"Running\",\"podIP\":\"" + ip + "\",\"podIPs\":"
        + "[{\"ip\":\"" + ip + "\"}],\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False")
        + "\"}]}}");
  }

  @Test
  void shouldListReadyAndNotReadyAddressesInOneSubset() {
    ObjectNode ep = EndpointsDecider.desired(service(""), List.of(pod("b", "10.1.0.2", false), pod("a", "10.1.0.1", true)),
        null).orElseThrow();
    assertEquals("web", ep.path("metadata").path("name").asText());
    assertEquals("{\"team\":\"a\"}", ep.path("metadata").path("labels").toString());
    assertEquals("[{\"addresses\":[{\"ip\":\"10.1.0.1\",\"nodeName\":\"n1\",\"targetRef\":{\"kind\":\"Pod\","
        + "\"namespace\":\"ns\",\"name\":\"a\",\"uid\":\"u-a\"}}],\"notReadyAddresses\":[{\"ip\":\"10.1.0.2\","
        + "\"nodeName\":\"n1\",\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"ns\",\"name\":\"b\",\"uid\":\"u-b\"}}],"
        + "\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]}]", ep.path("subsets").toString());
  }

  @Test
  void shouldNotRewriteEndpointsThatAreUpToDate() {
    List<JsonNode> pods = List.of(pod("a", "10.1.0.1", true));
    ObjectNode ep = EndpointsDecider.desired(service(""), pods, null).orElseThrow();
    ep.with("metadata").put("resourceVersion", "5");
    assertTrue(EndpointsDecider.desired(service(""), pods, ep).isEmpty());
    ObjectNode next = EndpointsDecider.desired(service(""), List.of(), ep).orElseThrow();
    assertEquals("5", next.path("metadata").path("resourceVersion").asText());
    assertTrue(next.path("subsets").isMissingNode());
  }

  @Test
  void shouldLeaveOutTerminatingPodsUnlessNotReadyAddressesArePublished() {
    ObjectNode p = pod("a", "10.1.0.1", false);
    p.with("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
    assertTrue(EndpointsDecider.desired(service(""), List.of(p), null).orElseThrow().path("subsets").isMissingNode());
    ObjectNode published = EndpointsDecider.desired(service(",\"publishNotReadyAddresses\":true"), List.of(p), null)
        .orElseThrow();
    assertEquals("10.1.0.1", published.at("/subsets/0/addresses/0/ip").asText());
  }
}
