package dev.kplane.controllers.endpointslice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EndpointSliceDeciderTest {
  static JsonNode service(String extraSpec) {
    return Json.parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"uid\":\"svc-uid\",\"labels\":{\"team\":\"a\"}},"
        + "\"spec\":{\"selector\":{\"app\":\"web\"},\"clusterIP\":\"10.0.0.1\",\"ipFamilies\":[\"IPv4\"],"
        + "\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":\"http\"}]" + extraSpec + "}}");
  }

  static ObjectNode pod(String name, String ip, boolean ready, int containerPort) {
    return (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"uid\":\"u-" + name
        + "\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"ports\":"
        + "[{\"name\":\"http\",\"containerPort\":" + containerPort + ",\"protocol\":\"TCP\"}]}]},"
        + "\"status\":{\"phase\":\"Running\",\"podIP\":\"" + ip + "\",\"podIPs\":[{\"ip\":\"" + ip + "\"}],"
        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False") + "\"}]}}");
  }

  static Supplier<String> names() {
    AtomicInteger n = new AtomicInteger();
    return () -> "abcd" + n.incrementAndGet();
  }

  @Test
  void shouldPutReadyAndNotReadyPodsInOneSliceWithTheirConditions() {
    var changes = EndpointSliceDecider.reconcile(service(""), List.of(pod("a", "10.1.0.1", true, 8080),
        pod("b", "10.1.0.2", false, 8080)), List.of(), 100, names());
    assertEquals(1, changes.creates().size());
    ObjectNode slice = changes.creates().get(0);
    assertEquals("web-abcd1", slice.path("metadata").path("name").asText());
    assertEquals("{\"team\":\"a\",\"kubernetes.io/service-name\":\"web\","
        + "\"endpointslice.kubernetes.io/managed-by\":\"endpointslice-controller.k8s.io\"}",
        slice.path("metadata").path("labels").toString());
    assertEquals("[{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"name\":\"web\",\"uid\":\"svc-uid\",\"controller\":true,"
        + "\"blockOwnerDeletion\":true}]", slice.path("metadata").path("ownerReferences").toString());
    assertEquals("IPv4", slice.path("addressType").asText());
    assertEquals("[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}]", slice.path("ports").toString());
    assertEquals("{\"addresses\":[\"10.1.0.1\"],\"conditions\":{\"ready\":true,\"serving\":true,\"terminating\":false},"
        + "\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"ns\",\"name\":\"a\",\"uid\":\"u-a\"},\"nodeName\":\"n1\"}",
        slice.path("endpoints").get(0).toString());
    assertEquals("{\"ready\":false,\"serving\":false,\"terminating\":false}",
        slice.path("endpoints").get(1).path("conditions").toString());
  }

  @Test
  void shouldReportATerminatingPodAsServingButNotReadyUnlessNotReadyAddressesArePublished() {
    ObjectNode p = pod("a", "10.1.0.1", true, 8080);
    p.with("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
    var slice = EndpointSliceDecider.reconcile(service(""), List.of(p), List.of(), 100, names()).creates().get(0);
    assertEquals("{\"ready\":false,\"serving\":true,\"terminating\":true}",
        slice.path("endpoints").get(0).path("conditions").toString());
    var published = EndpointSliceDecider.reconcile(service(",\"publishNotReadyAddresses\":true"),
        List.of(pod("b", "10.1.0.2", false, 8080)), List.of(), 100, names()).creates().get(0);
    assertEquals("{\"ready\":true,\"serving\":false,\"terminating\":false}",
        published.path("endpoints").get(0).path("conditions").toString());
  }

  @Test
  void shouldSplitByPortMappingAndAtTheSliceLimit() {
    List<JsonNode> pods = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pods.add(pod("p" + i, "10.1.0." + (i + 1), true, 8080));
    }
    pods.add(pod("other", "10.1.1.1", true, 9090));
    var changes = EndpointSliceDecider.reconcile(service(""), pods, List.of(), 2, names());
    assertEquals(4, changes.creates().size());
    assertEquals(List.of(2, 2, 1, 1), changes.creates().stream().map(s -> s.path("endpoints").size()).toList());
  }

  @Test
  void shouldLeaveUpToDateSlicesAloneAndOnlyRewriteTheOneThatChanged() {
    JsonNode svc = service("");
    List<JsonNode> pods = List.of(pod("a", "10.1.0.1", true, 8080), pod("b", "10.1.0.2", true, 8080));
    ObjectNode existing = EndpointSliceDecider.reconcile(svc, pods, List.of(), 100, names()).creates().get(0);
    existing.with("metadata").put("resourceVersion", "42");
    assertTrue(EndpointSliceDecider.reconcile(svc, pods, List.of(existing), 100, names()).isEmpty());
    var notReady = EndpointSliceDecider.reconcile(svc, List.of(pods.get(0), pod("b", "10.1.0.2", false, 8080)),
        List.of(existing), 100, names());
    assertEquals(List.of(), notReady.creates());
    assertEquals(1, notReady.updates().size());
    assertEquals("42", notReady.updates().get(0).path("metadata").path("resourceVersion").asText());
    assertEquals(false, notReady.updates().get(0).path("endpoints").get(1).path("conditions").path("ready").asBoolean());
    // a new pod goes into the existing slice
    var added = EndpointSliceDecider.reconcile(svc, List.of(pods.get(0), pods.get(1), pod("c", "10.1.0.3", true, 8080)),
        List.of(existing), 100, names());
    assertEquals(0, added.creates().size());
    assertEquals(3, added.updates().get(0).path("endpoints").size());
  }

  @Test
  void shouldKeepOnePlaceholderSliceForAServiceWithoutEndpoints() {
    JsonNode svc = service("");
    var changes = EndpointSliceDecider.reconcile(svc, List.of(), List.of(), 100, names());
    assertEquals(1, changes.creates().size());
    ObjectNode placeholder = changes.creates().get(0);
    assertEquals("[]", placeholder.path("endpoints").toString());
    assertEquals("[]", placeholder.path("ports").toString());
    assertTrue(EndpointSliceDecider.reconcile(svc, List.of(), List.of(placeholder), 100, names()).isEmpty());
    // once a pod comes, the placeholder is reused (a create and a delete become an update)
    var withPod = EndpointSliceDecider.reconcile(svc, List.of(pod("a", "10.1.0.1", true, 8080)), List.of(placeholder),
        100, names());
    assertEquals(List.of(), withPod.creates());
    assertEquals(List.of(), withPod.deletes());
    assertEquals(placeholder.path("metadata").path("name"), withPod.updates().get(0).path("metadata").path("name"));
    assertEquals(1, withPod.updates().get(0).path("endpoints").size());
  }

  @Test
  void shouldSkipPodsWithoutIpsOrFinishedAndPortsItCannotResolve() {
    ObjectNode noIp = pod("a", "10.1.0.1", true, 8080);
    ((ObjectNode) noIp.get("status")).remove(List.of("podIP", "podIPs"));
    ObjectNode done = pod("b", "10.1.0.2", true, 8080);
    done.with("status").put("phase", "Succeeded");
    ObjectNode unnamed = pod("c", "10.1.0.3", true, 8080);
    ((ObjectNode) unnamed.at("/spec/containers/0/ports/0")).put("name", "other");
    var slice = EndpointSliceDecider.reconcile(service(""), List.of(noIp, done, unnamed), List.of(), 100, names())
        .creates().get(0);
    assertEquals(1, slice.path("endpoints").size());
    assertEquals("[]", slice.path("ports").toString());
  }

  @Test
  void shouldGiveAHeadlessServiceWithoutFamiliesASliceSetPerAddressType() {
    JsonNode headless = Json.parse("{\"metadata\":{\"name\":\"h\",\"namespace\":\"ns\",\"uid\":\"h-uid\"},"
        + "\"spec\":{\"selector\":{\"app\":\"web\"},\"clusterIP\":\"None\"}}");
    var changes = EndpointSliceDecider.reconcile(headless, List.of(pod("a", "10.1.0.1", true, 8080)), List.of(), 100,
        names());
    assertEquals(List.of("IPv4", "IPv6"), changes.creates().stream().map(s -> s.path("addressType").asText()).toList());
    assertEquals("", changes.creates().get(0).path("metadata").path("labels").path("service.kubernetes.io/headless").asText("x"));
    assertEquals(1, changes.creates().get(0).path("endpoints").size());
    assertEquals(0, changes.creates().get(1).path("endpoints").size());
  }
}
