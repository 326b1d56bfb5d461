package dev.kplane.controllers.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeLifecycleDecisionsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static ObjectNode node(String ready, String taints) {
    return (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"n1\",\"creationTimestamp\":\"2025-12-31T00:00:00Z\"},"
        + "\"spec\":{\"taints\":" + taints + "},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + ready
        + "\",\"lastHeartbeatTime\":\"2026-01-01T00:00:00Z\",\"reason\":\"KubeletReady\"}]}}");
  }

  static JsonNode lease(String renew) {
    return Json.parse("{\"spec\":{\"holderIdentity\":\"n1\",\"renewTime\":\"" + renew + "\"}}");
  }

  static JsonNode conditionOf(JsonNode node, String type) {
    return NodeHealth.condition(node, type);
  }

  @Test
  void shouldCountTheLeaseAsAHeartbeat() {
    ObjectNode n = node("True", "[]");
    assertFalse(NodeHealth.stale(n, lease("2026-01-01T00:00:30.000000Z"), T0.plusSeconds(60), Duration.ofSeconds(40)));
    assertTrue(NodeHealth.stale(n, lease("2026-01-01T00:00:10.000000Z"), T0.plusSeconds(60), Duration.ofSeconds(40)));
    assertTrue(NodeHealth.stale(n, null, T0.plusSeconds(41), Duration.ofSeconds(40)));
  }

  @Test
  void shouldMarkEveryConditionUnknownOnce() {
    ObjectNode unknown = NodeHealth.markUnknown(node("True", "[]"), T0.plusSeconds(60));
    JsonNode ready = conditionOf(unknown, "Ready");
    assertEquals("Unknown", ready.path("status").asText());
    assertEquals("NodeStatusUnknown", ready.path("reason").asText());
    assertEquals("Kubelet stopped posting node status.", ready.path("message").asText());
    assertEquals("2026-01-01T00:00:00Z", ready.path("lastHeartbeatTime").asText());
    assertEquals("NodeStatusNeverUpdated", conditionOf(unknown, "MemoryPressure").path("reason").asText());
    assertNull(NodeHealth.markUnknown(unknown, T0.plusSeconds(70)));
  }

  @Test
  void shouldTaintAnUnreachableNodeAndUntaintItWhenReadyAgain() {
    List<Taint> tainted = NodeTaints.desired(node("Unknown", "[{\"key\":\"custom\",\"effect\":\"NoSchedule\"}]"),
        T0);
    assertEquals(List.of(new Taint("custom", "", "NoSchedule", null),
        new Taint(Taint.UNREACHABLE, "", "NoSchedule", null),
        new Taint(Taint.UNREACHABLE, "", "NoExecute", "2026-01-01T00:00:00Z")), tainted);
    ObjectNode back = node("True", "[]");
    back.with("spec").set("taints", Json.MAPPER.valueToTree(tainted.stream().map(Taint::toJson).toList()));
    assertEquals(List.of(new Taint("custom", "", "NoSchedule", null)), NodeTaints.desired(back, T0));
    assertNull(NodeTaints.desired(node("True", "[]"), T0));
  }

  @Test
  void shouldSwapNotReadyForUnreachable() {
    ObjectNode n = node("Unknown", "[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\","
        + "\"timeAdded\":\"2025-01-01T00:00:00Z\"},{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"}]");
    assertEquals(List.of(new Taint(Taint.UNREACHABLE, "", "NoSchedule", null),
        new Taint(Taint.UNREACHABLE, "", "NoExecute", "2026-01-01T00:00:00Z")), NodeTaints.desired(n, T0));
  }

  @Test
  void shouldEvictAfterTheShortestTolerationOrAtOnce() {
    List<Taint> taints = List.of(new Taint(Taint.UNREACHABLE, "", "NoExecute", "2026-01-01T00:00:00Z"));
    JsonNode tolerating = Json.parse("{\"spec\":{\"tolerations\":[{\"key\":\"node.kubernetes.io/unreachable\","
        + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]}}");
    assertEquals(Optional.of(T0.plusSeconds(300)), TaintEviction.evictAt(tolerating, taints));
    assertEquals(Optional.of(Instant.EPOCH), TaintEviction.evictAt(Json.parse("{\"spec\":{}}"), taints));
    JsonNode forever = Json.parse("{\"spec\":{\"tolerations\":[{\"operator\":\"Exists\"}]}}");
    assertEquals(Optional.empty(), TaintEviction.evictAt(forever, taints));
    assertEquals(Optional.empty(), TaintEviction.evictAt(Json.parse("{\"spec\":{}}"),
        List.of(new Taint("x", "", "NoSchedule", null))));
    JsonNode wrongValue = Json.parse("{\"spec\":{\"tolerations\":[{\"key\":\"node.kubernetes.io/unreachable\","
        + "\"value\":\"v\",\"effect\":\"NoExecute\"}]}}");
    assertEquals(Optional.of(Instant.EPOCH), TaintEviction.evictAt(wrongValue, taints));
  }
}
