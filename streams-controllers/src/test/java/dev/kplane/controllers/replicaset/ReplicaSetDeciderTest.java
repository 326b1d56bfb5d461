package dev.kplane.controllers.replicaset;

import static dev.kplane.controllers.Fixtures.pod;
import static dev.kplane.controllers.Fixtures.ready;
import static dev.kplane.controllers.Fixtures.replicaSet;
import static dev.kplane.controllers.Fixtures.withCreation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetDeciderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

  private static List<String> names(List<? extends JsonNode> pods) {
    return pods.stream().map(p -> p.path("metadata").path("name").asText()).toList();
  }

  @Test
  void shouldCreateMissingPodsWhenScaledUp() {
    ObjectNode rs = replicaSet("web", 3);
    var m = ReplicaSetDecider.manageReplicas(rs, List.of(pod("a", "web", rs)), List.of(), NOW);
    assertEquals(2, m.create());
    assertTrue(m.delete().isEmpty());
  }

  @Test
  void shouldCreateAtMostBurstReplicasPerSync() {
    var m = ReplicaSetDecider.manageReplicas(replicaSet("web", 1000), List.of(), List.of(), NOW);
    assertEquals(ReplicaSetDecider.BURST_REPLICAS, m.create());
  }

  @Test
  void shouldDeleteSurplusPodsWhenScaledDown() {
    ObjectNode rs = replicaSet("web", 1);
    List<JsonNode> pods = List.of(ready(pod("a", "web", rs), "n1", NOW.minusSeconds(60)), pod("b", "web", rs),
        ready(pod("c", "web", rs), "n2", NOW.minusSeconds(60)));
    var m = ReplicaSetDecider.manageReplicas(rs, pods, pods, NOW);
    assertEquals(0, m.create());
    assertEquals(2, m.delete().size());
    assertTrue(names(m.delete()).contains("b"), "the unscheduled, not ready pod goes first");
  }

  @Test
  void shouldDoNothingWhenReplicasMatch() {
    ObjectNode rs = replicaSet("web", 2);
    var m = ReplicaSetDecider.manageReplicas(rs, List.of(pod("a", "web", rs), pod("b", "web", rs)), List.of(), NOW);
    assertEquals(0, m.create());
    assertTrue(m.delete().isEmpty());
  }

  @Test
  void shouldRankUnscheduledThenPendingThenNotReadyThenNewerFirst() {
    ObjectNode rs = replicaSet("web", 0);
    ObjectNode unscheduled = pod("unscheduled", "web", rs);
    ObjectNode pending = pod("pending", "web", rs);
    ((ObjectNode) pending.get("spec")).put("nodeName", "n1");
    ObjectNode notReady = pending.deepCopy();
    ((ObjectNode) notReady.get("metadata")).put("name", "not-ready").put("uid", "uid-not-ready");
    ((ObjectNode) notReady.get("status")).put("phase", "Running");
    ObjectNode older = withCreation(ready(pod("older", "web", rs), "n2", NOW.minusSeconds(7200)), NOW.minusSeconds(7200));
    ObjectNode newer = withCreation(ready(pod("newer", "web", rs), "n3", NOW.minusSeconds(10)), NOW.minusSeconds(10));
    List<JsonNode> pods = List.of(older, newer, notReady, pending, unscheduled);
    List<JsonNode> sorted = ReplicaSetDecider.podsToDelete(pods, pods, 4, NOW);
    assertEquals(List.of("unscheduled", "pending", "not-ready", "newer"), names(sorted));
  }

  @Test
  void shouldPreferLowerDeletionCost() {
    ObjectNode rs = replicaSet("web", 0);
    ObjectNode cheap = ready(pod("cheap", "web", rs), "n1", NOW.minusSeconds(10));
    ((ObjectNode) cheap.get("metadata")).putObject("annotations").put("controller.kubernetes.io/pod-deletion-cost", "-5");
    ObjectNode dear = ready(pod("dear", "web", rs), "n2", NOW.minusSeconds(7200));
    List<JsonNode> pods = List.of(dear, cheap);
    assertEquals(List.of("cheap"), names(ReplicaSetDecider.podsToDelete(pods, pods, 1, NOW)));
  }

  @Test
  void shouldPreferDoubledUpPods() {
    ObjectNode rs = replicaSet("web", 0);
    ObjectNode alone = ready(pod("alone", "web", rs), "n1", NOW.minusSeconds(60));
    ObjectNode crowded = ready(pod("crowded", "web", rs), "n2", NOW.minusSeconds(60));
    ObjectNode neighbour = ready(pod("neighbour", "web", rs), "n2", NOW.minusSeconds(60));
    List<JsonNode> pods = List.of(alone, crowded);
    assertEquals(List.of("crowded"),
        names(ReplicaSetDecider.podsToDelete(pods, List.of(alone, crowded, neighbour), 1, NOW)));
  }

  @Test
  void shouldAdoptMatchingOrphansAndReleaseNonMatchingPods() {
    ObjectNode rs = replicaSet("web", 3);
    ObjectNode orphan = pod("orphan", "web", null);
    ObjectNode mislabelled = pod("mislabelled", "other", rs);
    ObjectNode owned = pod("owned", "web", rs);
    ObjectNode foreign = pod("foreign", "web", replicaSet("other", 1));
    var claim = dev.kplane.controllers.objects.Claims.of(rs, rs.path("spec").path("selector"), List.of(orphan, mislabelled, owned, foreign));
    assertEquals(List.of("orphan", "owned"), names(claim.claimed()));
    assertEquals(List.of("orphan"), names(claim.adopt()));
    assertEquals(List.of("mislabelled"), names(claim.release()));
  }

  @Test
  void shouldNotAdoptWhileBeingDeleted() {
    ObjectNode rs = replicaSet("web", 3);
    ((ObjectNode) rs.get("metadata")).put("deletionTimestamp", NOW.toString());
    var claim = dev.kplane.controllers.objects.Claims.of(rs, rs.path("spec").path("selector"),
        List.of(pod("orphan", "web", null), pod("mislabelled", "other", rs)));
    assertTrue(claim.claimed().isEmpty());
    assertTrue(claim.adopt().isEmpty());
    assertTrue(claim.release().isEmpty());
  }

  @Test
  void shouldCountReadyAndAvailableReplicasWithMinReadySeconds() {
    ObjectNode rs = replicaSet("web", 3);
    ((ObjectNode) rs.get("spec")).put("minReadySeconds", 30);
    List<JsonNode> pods = List.of(ready(pod("a", "web", rs), "n", NOW.minusSeconds(60)),
        ready(pod("b", "web", rs), "n", NOW.minusSeconds(5)), pod("c", "other", rs));
    ObjectNode status = ReplicaSetDecider.calculateStatus(rs, pods, NOW);
    assertEquals(3, status.path("replicas").asInt());
    assertEquals(2, status.path("fullyLabeledReplicas").asInt());
    assertEquals(2, status.path("readyReplicas").asInt());
    assertEquals(1, status.path("availableReplicas").asInt());
  }

  @Test
  void shouldWriteStatusOnlyWhenItChanges() {
    ObjectNode rs = replicaSet("web", 1);
    ObjectNode status = ReplicaSetDecider.calculateStatus(rs, List.of(pod("a", "web", rs)), NOW);
    ObjectNode update = ReplicaSetDecider.statusUpdate(rs, status);
    assertEquals(1, update.path("observedGeneration").asInt());
    rs.set("status", update);
    assertNull(ReplicaSetDecider.statusUpdate(rs, ReplicaSetDecider.calculateStatus(rs, List.of(pod("a", "web", rs)), NOW)));
  }
}
