package dev.kplane.scheduler;

import static dev.kplane.scheduler.Http.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduler against a real broker and API server: pods land where kube-scheduler would put them, and a
 * pod that fits nowhere stays Pending with kube's message until a node that fits joins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static ApiServer api;
  private static Scheduler scheduler;
  private static Http http;
  private static Path state;

  @BeforeAll
  static void start() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String prefix = SharedKafka.uniquePrefix("sched");
    api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
    http = new Http(api.port());
    state = Files.createTempDirectory("scheduler-it");
    scheduler = new Scheduler(SchedulerOptions.of(bootstrap, prefix, state));
    scheduler.start();
    // three nodes: a (2 cpu, ssd, zone z1), b (4 cpu, hdd, zone z2, tainted dedicated=gpu), c (1 cpu, ssd, zone z3)
    http.post("/api/v1/nodes", node("node-a", "2", Map.of("disk", "ssd", "zone", "z1"), false));
    http.post("/api/v1/nodes", node("node-b", "4", Map.of("disk", "hdd", "zone", "z2"), true));
    http.post("/api/v1/nodes", node("node-c", "1", Map.of("disk", "ssd", "zone", "z3"), false));
  }

  @AfterAll
  static void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (api != null) {
      api.close();
    }
    dev.kplane.testkit.Dirs.delete(state);
  }

  @Test
  @Order(1)
  void podsLandWhereKubeSchedulerWouldPutThem() throws Exception {
    // nodeSelector + toleration: the only hdd node is the tainted one
    ObjectNode gpu = pod("gpu", "100m", Map.of());
    gpu.with("spec").putObject("nodeSelector").put("disk", "hdd");
    gpu.with("spec").putArray("tolerations").addObject().put("key", "dedicated").put("operator", "Equal")
        .put("value", "gpu").put("effect", "NoSchedule");
    http.post(pods(), gpu);
    assertEquals("node-b", boundNode("gpu"));

    // requests: 1500m fits on node-a only (node-b is tainted, node-c has 1 cpu)
    http.post(pods(), pod("big", "1500m", Map.of()));
    assertEquals("node-a", boundNode("big"));

    // spread over zones with maxSkew 1: two pods go to two different zones
    for (String name : new String[] {"spread-1", "spread-2"}) {
      ObjectNode p = pod(name, "100m", Map.of("app", "spread"));
      ObjectNode c = p.with("spec").putArray("topologySpreadConstraints").addObject().put("maxSkew", 1)
          .put("topologyKey", "zone").put("whenUnsatisfiable", "DoNotSchedule");
      c.putObject("labelSelector").putObject("matchLabels").put("app", "spread");
      http.post(pods(), p);
    }
    String s1 = boundNode("spread-1");
    String s2 = boundNode("spread-2");
    assertNotEquals(s1, s2);
    assertTrue(Set.of("node-a", "node-c").containsAll(Set.of(s1, s2)), s1 + ", " + s2);

    // required anti-affinity: db-2 avoids db-1's node among the ssd nodes
    ObjectNode db1 = pod("db-1", "100m", Map.of("app", "db"));
    db1.with("spec").putObject("nodeSelector").put("kubernetes.io/hostname", "node-c");
    http.post(pods(), db1);
    assertEquals("node-c", boundNode("db-1"));
    ObjectNode db2 = pod("db-2", "100m", Map.of("app", "db"));
    db2.with("spec").putObject("nodeSelector").put("disk", "ssd");
    ObjectNode term = db2.with("spec").putObject("affinity").putObject("podAntiAffinity")
        .putArray("requiredDuringSchedulingIgnoredDuringExecution").addObject()
        .put("topologyKey", "kubernetes.io/hostname");
    term.putObject("labelSelector").putObject("matchLabels").put("app", "db");
    http.post(pods(), db2);
    assertEquals("node-a", boundNode("db-2"));
  }

  @Test
  @Order(2)
  void anOversizedPodStaysPendingWithKubesMessageUntilABiggerNodeJoins() throws Exception {
    http.post(pods(), pod("huge", "8", Map.of()));
    JsonNode condition = await(WAIT, "PodScheduled=False on huge", () -> {
      JsonNode c = condition(http.get(pods() + "/huge"), "PodScheduled");
      return c != null && c.path("reason").asText().equals("Unschedulable") ? c : null;
    });
    String message = condition.path("message").asText();
    assertEquals("False", condition.path("status").asText());
    assertTrue(message.startsWith("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
        + "2 Insufficient cpu."), message);
    JsonNode event = await(WAIT, "a FailedScheduling event for huge", () -> {
      for (JsonNode e : http.get("/api/v1/namespaces/default/events").path("items")) {
        if (e.path("involvedObject").path("name").asText().equals("huge")
            && e.path("reason").asText().equals("FailedScheduling")) {
          return e;
        }
      }
      return null;
    });
    assertEquals("Warning", event.path("type").asText());
    assertEquals(message, event.path("message").asText());
    assertEquals("", http.get(pods() + "/huge").path("spec").path("nodeName").asText());

    http.post("/api/v1/nodes", node("node-d", "16", Map.of("disk", "ssd", "zone", "z4"), false));
    assertEquals("node-d", boundNode("huge"));
  }

  @Test
  @Order(3)
  void aHigherPriorityPodPreemptsALowerOneOnceItsVictimIsGone() throws Exception {
    ObjectNode pc = Json.MAPPER.createObjectNode().put("apiVersion", "scheduling.k8s.io/v1")
        .put("kind", "PriorityClass").put("value", 1000);
    pc.putObject("metadata").put("name", "high");
    http.post("/apis/scheduling.k8s.io/v1/priorityclasses", pc);
    http.post("/api/v1/nodes", node("node-p", "1", Map.of("pool", "p"), false));
    ObjectNode low = pod("low", "800m", Map.of());
    low.with("spec").putObject("nodeSelector").put("pool", "p");
    http.post(pods(), low);
    assertEquals("node-p", boundNode("low"));

    ObjectNode high = pod("high", "500m", Map.of());
    high.with("spec").put("priorityClassName", "high").putObject("nodeSelector").put("pool", "p");
    http.post(pods(), high);
    assertEquals("node-p", await(WAIT, "high nominated", () -> {
      String n = http.get(pods() + "/high").path("status").path("nominatedNodeName").asText("");
      return n.isEmpty() ? null : n;
    }));
    JsonNode victim = await(WAIT, "low terminating", () -> {
      JsonNode p = http.get(pods() + "/low");
      return p.path("metadata").has("deletionTimestamp") ? p : null;
    });
    assertEquals("PreemptionByScheduler", condition(victim, "DisruptionTarget").path("reason").asText());
    assertEquals("", http.get(pods() + "/high").path("spec").path("nodeName").asText(), "bound before the victim left");
    // the kubelet's part: the victim's containers are gone, its deletion completes
    http.delete(pods() + "/low", Json.MAPPER.createObjectNode().put("gracePeriodSeconds", 0));
    assertEquals("node-p", boundNode("high"));
  }

  // ---- helpers ----

  private static String boundNode(String pod) throws InterruptedException {
    return await(WAIT, "pod " + pod + " bound", () -> {
      String n = http.get(pods() + "/" + pod).path("spec").path("nodeName").asText("");
      return n.isEmpty() ? null : n;
    });
  }

  private static JsonNode condition(JsonNode pod, String type) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    return null;
  }

  private static String pods() {
    return "/api/v1/namespaces/default/pods";
  }

  static ObjectNode node(String name, String cpu, Map<String, String> labels, boolean tainted) {
    ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    ObjectNode l = n.putObject("metadata").put("name", name).putObject("labels");
    l.put("kubernetes.io/hostname", name);
    labels.forEach(l::put);
    if (tainted) {
      n.putObject("spec").putArray("taints").addObject().put("key", "dedicated").put("value", "gpu")
          .put("effect", "NoSchedule");
    }
    ObjectNode status = n.putObject("status");
    status.putObject("capacity").put("cpu", cpu).put("memory", "16Gi").put("pods", "110");
    status.putObject("allocatable").put("cpu", cpu).put("memory", "16Gi").put("pods", "110");
    ArrayNode conditions = status.putArray("conditions");
    conditions.addObject().put("type", "Ready").put("status", "True");
    return n;
  }

  static ObjectNode pod(String name, String cpu, Map<String, String> labels) {
    ObjectNode p = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = p.putObject("metadata").put("name", name);
    labels.forEach(meta.putObject("labels")::put);
    p.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "busybox")
        .putObject("resources").putObject("requests").put("cpu", cpu).put("memory", "64Mi");
    return p;
  }
}
