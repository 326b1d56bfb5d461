package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.nodelifecycle.NodeLifecycleController;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node whose lease is not renewed (grace period 3 s here) goes Unknown, is tainted, loses its pod; and comes back. */
class NodeLifecycleIT {
  static final String NODE = "/api/v1/nodes/n1";
  static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1";
  static LiveCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LiveCluster("node", new NodeLifecycleController(Duration.ofSeconds(3), Duration.ofMillis(500)));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  static void ready() {
    ObjectNode node = (ObjectNode) cluster.get(NODE).body();
    ObjectNode status = node.putObject("status");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True").put("reason", "KubeletReady")
        .put("message", "kubelet is posting ready status").put("lastHeartbeatTime", now())
        .put("lastTransitionTime", now());
    assertEquals(200, cluster.put(NODE + "/status", node.toString()).code());
  }

  static String readyStatus() {
    for (JsonNode c : cluster.get(NODE).body().path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText() + " " + c.path("reason").asText();
      }
    }
    return "";
  }

  @Test
  void aLostNodeIsMarkedUnknownTaintedAndEmptiedAndUntaintedWhenItIsBack() throws Exception {
    assertEquals(201, cluster.post("/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":"
        + "{\"name\":\"n1\"}}").code());
    ready();
    var lease = cluster.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", "{\"apiVersion\":"
        + "\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"n1\"},\"spec\":{\"holderIdentity\":"
        + "\"n1\",\"leaseDurationSeconds\":40,\"renewTime\":\"" + Instant.now() + "\"}}");
    assertEquals(201, lease.code(), String.valueOf(lease.body()));
    var pod = cluster.post("/api/v1/namespaces/default/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
        + "{\"name\":\"p\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}],"
        + "\"tolerations\":[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
        + "\"tolerationSeconds\":2}]}}");
    assertEquals(201, pod.code(), String.valueOf(pod.body()));
    // DefaultTolerationSeconds added the not-ready toleration next to the pod's own
    assertEquals(2, pod.body().path("spec").path("tolerations").size());

    LiveCluster.await("node unknown", () -> readyStatus().equals("Unknown NodeStatusUnknown"));
    LiveCluster.await("node tainted", () -> cluster.get(NODE).body().path("spec").path("taints").size() == 2);
    JsonNode taints = cluster.get(NODE).body().path("spec").path("taints");
    assertEquals("node.kubernetes.io/unreachable", taints.get(0).path("key").asText());
    assertTrue(taints.toString().contains("\"effect\":\"NoExecute\""), taints.toString());
    LiveCluster.await("pod evicted", () -> cluster.get("/api/v1/namespaces/default/pods/p").body()
        .path("metadata").hasNonNull("deletionTimestamp"));

    ObjectNode renewed = (ObjectNode) cluster.get(LEASE).body();
    ((ObjectNode) renewed.get("spec")).put("renewTime", Instant.now().toString());
    assertEquals(200, cluster.put(LEASE, renewed.toString()).code());
    ready();
    LiveCluster.await("node untainted", () -> cluster.get(NODE).body().path("spec").path("taints").isEmpty());
    assertEquals("True KubeletReady", readyStatus());
  }
}
