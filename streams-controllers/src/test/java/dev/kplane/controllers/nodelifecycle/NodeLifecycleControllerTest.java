package dev.kplane.controllers.nodelifecycle;

import static dev.kplane.controllers.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerDriver;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeLifecycleControllerTest {
  static final ResourceType NODES = BuiltinResources.find("", "nodes").orElseThrow();
  static final ResourceType LEASES = BuiltinResources.find("coordination.k8s.io", "leases").orElseThrow();
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  final ControllerDriver driver =
      new ControllerDriver(new NodeLifecycleController(Duration.ofSeconds(40), Duration.ofSeconds(1)));

  @AfterEach
  void close() {
    driver.close();
  }

  static ObjectNode node(String ready) {
    return object("{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','uid':'n1-uid',"
        + "'creationTimestamp':'2026-01-01T00:00:00Z'},'spec':{},'status':{'conditions':[{'type':'Ready','status':'"
        + ready + "','lastHeartbeatTime':'2026-01-01T00:00:00Z','reason':'KubeletReady'}]}}");
  }

  static ObjectNode lease(String renew) {
    return object("{'apiVersion':'coordination.k8s.io/v1','kind':'Lease','metadata':{'name':'n1',"
        + "'namespace':'kube-node-lease','uid':'l'},'spec':{'holderIdentity':'n1','renewTime':'" + renew + "'}}");
  }

  static ObjectNode pod() {
    return object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'ns','uid':'p-uid'},"
        + "'spec':{'nodeName':'n1','tolerations':[{'key':'node.kubernetes.io/unreachable','operator':'Exists',"
        + "'effect':'NoExecute','tolerationSeconds':300}]},"
        + "'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'}]}}");
  }

  List<Request> after(Duration d) {
    driver.advance(d);
    return driver.requests();
  }

  @Test
  void shouldMarkALostNodeUnknownTaintItAndEvictItsPodsAfterTheirToleration() {
    driver.put(NODES, node("True"));
    driver.put(LEASES, lease("2026-01-01T00:00:30.000000Z"));
    driver.put(PODS, pod());
    assertEquals(List.of(), after(Duration.ofSeconds(60)));

    List<Request> lost = after(Duration.ofSeconds(11));
    assertEquals(1, lost.size());
    assertEquals("/api/v1/nodes/n1/status", lost.get(0).getPath());
    JsonNode unknown = Json.parse(lost.get(0).getBody());
    assertEquals("Unknown", NodeHealth.condition(unknown, "Ready").path("status").asText());
    assertEquals("Kubelet stopped posting node status.", NodeHealth.condition(unknown, "Ready").path("message").asText());

    driver.put(NODES, (ObjectNode) unknown);
    List<Request> tainted = after(Duration.ofMillis(10));
    assertEquals("patch /api/v1/nodes/n1", tainted.get(0).getVerb() + " " + tainted.get(0).getPath());
    JsonNode taints = Json.parse(tainted.get(0).getBody()).path("spec").path("taints");
    assertEquals("[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"},"
        + "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\",\"timeAdded\":\"2026-01-01T00:01:11Z\"}]",
        taints.toString());
    // the pod on it is marked not ready at once
    assertEquals("/api/v1/namespaces/ns/pods/p/status", tainted.get(1).getPath());

    ObjectNode withTaints = (ObjectNode) unknown.deepCopy();
    withTaints.with("spec").set("taints", taints);
    driver.put(NODES, withTaints);
    after(Duration.ofSeconds(1));
    assertTrue(after(Duration.ofSeconds(280)).stream().noneMatch(r -> r.getVerb().equals("delete")));
    List<Request> evicted = after(Duration.ofSeconds(25));
    assertEquals(List.of("delete /api/v1/namespaces/ns/pods/p"),
        evicted.stream().filter(r -> r.getVerb().equals("delete")).map(r -> r.getVerb() + " " + r.getPath()).toList());
  }

  @Test
  void shouldUntaintANodeThatIsReadyAgain() {
    ObjectNode back = node("True");
    back.with("spec").set("taints", Json.parse("[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"},"
        + "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\",\"timeAdded\":\"2026-01-01T00:00:00Z\"}]"));
    driver.put(LEASES, lease("2026-01-01T00:00:00.000000Z"));
    driver.put(NODES, back);
    List<Request> r = after(Duration.ofMillis(10));
    assertEquals(1, r.size());
    assertEquals("{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"taints\":[]}}", r.get(0).getBody());
  }
}
