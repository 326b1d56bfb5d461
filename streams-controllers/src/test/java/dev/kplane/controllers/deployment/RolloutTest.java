package dev.kplane.controllers.deployment;

import static dev.kplane.controllers.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Syncs of one Deployment on working copies: what kube's controller would write. */
class RolloutTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

  static ObjectNode deployment(int replicas, String image, String strategy) {
    return object(("{'metadata':{'name':'web','namespace':'ns','uid':'d-uid','generation':2},'spec':{'replicas':%d,"
        + "'strategy':%s,'progressDeadlineSeconds':600,'revisionHistoryLimit':10,"
        + "'selector':{'matchLabels':{'app':'web'}},"
        + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'%s'}]}}},"
        + "'status':{}}").formatted(replicas, strategy, image));
  }

  static final String ROLLING = "{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':0}}";

  /** A ReplicaSet of the Deployment, with size, availability and revision. */
  static ObjectNode replicaSet(ObjectNode d, String name, int replicas, int available, String revision, String created) {
    ObjectNode rs = object(("{'metadata':{'name':'%s','namespace':'ns','uid':'%s-uid','generation':1,"
        + "'creationTimestamp':'%s','annotations':{'deployment.kubernetes.io/revision':'%s',"
        + "'deployment.kubernetes.io/desired-replicas':'%d','deployment.kubernetes.io/max-replicas':'%d'},"
        + "'ownerReferences':[{'kind':'Deployment','name':'web','uid':'d-uid','controller':true}]},"
        + "'spec':{'replicas':%d,'selector':{}},'status':{'replicas':%d,'availableReplicas':%d,'readyReplicas':%d,"
        + "'observedGeneration':1}}").formatted(name, name, created, revision, DeploymentUtil.replicas(d),
        DeploymentUtil.replicas(d) + DeploymentUtil.maxSurge(d), replicas, replicas, available, available));
    rs.with("spec").set("template", d.path("spec").path("template").deepCopy());
    return rs;
  }

  static Rollout sync(ObjectNode d, List<ObjectNode> rss) {
    Map<String, JsonNode> byName = new HashMap<>();
    rss.forEach(rs -> byName.put(rs.path("metadata").path("name").asText(), rs));
    Rollout r = new Rollout(d, rss, byName, Map.of(), NOW);
    DeploymentSync.syncDeployment(r);
    return r;
  }

  @Test
  void shouldCreateTheFirstReplicaSetAtFullSizeWithRevisionOne() {
    Rollout r = sync(deployment(3, "v1", ROLLING), List.of());
    assertEquals(1, r.created.size());
    ObjectNode rs = r.rs(r.created.iterator().next());
    assertEquals(3, rs.path("spec").path("replicas").asInt());
    assertTrue(rs.path("metadata").path("name").asText().startsWith("web-"));
    String hash = rs.path("metadata").path("labels").path("pod-template-hash").asText();
    assertEquals("web-" + hash, rs.path("metadata").path("name").asText());
    assertEquals(hash, rs.path("spec").path("selector").path("matchLabels").path("pod-template-hash").asText());
    JsonNode a = rs.path("metadata").path("annotations");
    assertEquals("1", a.path(DeploymentUtil.REVISION).asText());
    assertEquals("3", a.path(DeploymentUtil.DESIRED_REPLICAS).asText());
    assertEquals("4", a.path(DeploymentUtil.MAX_REPLICAS).asText());
    assertEquals("NewReplicaSetCreated", Conditions.get(r.status(), "Progressing").path("reason").asText());
    assertEquals("1", r.d.path("metadata").path("annotations").path(DeploymentUtil.REVISION).asText());
  }

  @Test
  void shouldSurgeOneNewPodBeforeScalingDownWithMaxUnavailableZero() {
    ObjectNode v1 = deployment(3, "v1", ROLLING);
    ObjectNode old = replicaSet(v1, "web-old", 3, 3, "1", "2026-01-01T00:00:00Z");
    Rollout r = sync(deployment(3, "v2", ROLLING), List.of(old));
    ObjectNode fresh = r.rs(r.created.iterator().next());
    assertEquals(1, fresh.path("spec").path("replicas").asInt());
    assertEquals("2", fresh.path("metadata").path("annotations").path(DeploymentUtil.REVISION).asText());
    assertEquals(3, r.rs("web-old").path("spec").path("replicas").asInt(), "no old pod goes before a new one is available");
  }

  @Test
  void shouldScaleDownOldOnlyAsNewPodsBecomeAvailable() {
    ObjectNode v2 = deployment(3, "v2", ROLLING);
    ObjectNode old = replicaSet(deployment(3, "v1", ROLLING), "web-old", 3, 3, "1", "2026-01-01T00:00:00Z");
    ObjectNode fresh = replicaSet(v2, "web-new", 1, 0, "2", "2026-01-01T00:05:00Z");
    Rollout r = sync(v2.deepCopy(), List.of(old.deepCopy(), fresh.deepCopy()));
    assertTrue(r.updated.isEmpty(), "the new pod is not available yet: " + r.updated);

    fresh.with("status").put("availableReplicas", 1).put("readyReplicas", 1);
    r = sync(v2.deepCopy(), List.of(old, fresh));
    assertEquals(List.of("web-old"), List.copyOf(r.updated));
    assertEquals(2, r.rs("web-old").path("spec").path("replicas").asInt());
  }

  @Test
  void shouldReportProgressAndAvailability() {
    ObjectNode v2 = deployment(3, "v2", ROLLING);
    ObjectNode fresh = replicaSet(v2, "web-new", 3, 3, "2", "2026-01-01T00:05:00Z");
    Rollout r = sync(v2, List.of(fresh));
    JsonNode s = r.status();
    assertEquals(3, s.path("updatedReplicas").asInt());
    assertEquals(3, s.path("availableReplicas").asInt());
    assertEquals(2, s.path("observedGeneration").asInt());
    assertEquals("NewReplicaSetAvailable", Conditions.get(s, "Progressing").path("reason").asText());
    assertEquals("MinimumReplicasAvailable", Conditions.get(s, "Available").path("reason").asText());
  }

  @Test
  void shouldTimeOutWithoutProgressPastTheDeadline() {
    ObjectNode v2 = deployment(3, "v2", ROLLING);
    ObjectNode fresh = replicaSet(v2, "web-new", 3, 0, "2", "2026-01-01T00:00:00Z");
    v2.with("status").put("replicas", 3).put("updatedReplicas", 3).put("unavailableReplicas", 3)
        .put("observedGeneration", 2).putArray("conditions").add(Conditions.condition("Progressing", "True",
            "ReplicaSetUpdated", "ReplicaSet \"web-new\" is progressing.", NOW.minusSeconds(601)));
    Rollout r = sync(v2, List.of(fresh));
    JsonNode c = Conditions.get(r.status(), "Progressing");
    assertEquals("False", c.path("status").asText());
    assertEquals("ProgressDeadlineExceeded", c.path("reason").asText());
    assertEquals("ReplicaSet \"web-new\" has timed out progressing.", c.path("message").asText());
  }

  @Test
  void shouldScaleOldReplicaSetsToZeroBeforeRecreating() {
    String recreate = "{'type':'Recreate'}";
    ObjectNode old = replicaSet(deployment(2, "v1", recreate), "web-old", 2, 2, "1", "2026-01-01T00:00:00Z");
    Rollout r = sync(deployment(2, "v2", recreate), List.of(old));
    assertTrue(r.created.isEmpty());
    assertEquals(0, r.rs("web-old").path("spec").path("replicas").asInt());
  }

  @Test
  void shouldScaleProportionallyDuringARollout() {
    ObjectNode d = deployment(10, "v2", "{'type':'RollingUpdate','rollingUpdate':{'maxSurge':3,'maxUnavailable':2}}");
    ObjectNode old = replicaSet(deployment(10, "v1", ROLLING), "web-old", 8, 8, "1", "2026-01-01T00:00:00Z");
    ObjectNode fresh = replicaSet(d, "web-new", 5, 0, "2", "2026-01-01T00:05:00Z");
    old.with("metadata").with("annotations").put(DeploymentUtil.MAX_REPLICAS, "13").put(DeploymentUtil.DESIRED_REPLICAS, "10");
    fresh.with("metadata").with("annotations").put(DeploymentUtil.MAX_REPLICAS, "13").put(DeploymentUtil.DESIRED_REPLICAS, "10");
    d.with("spec").put("replicas", 20); // scaled 10 -> 20 mid-rollout: max 23, 10 more to spread
    Rollout r = sync(d, List.of(old, fresh));
    int o = r.rs("web-old").path("spec").path("replicas").asInt();
    int n = r.rs("web-new").path("spec").path("replicas").asInt();
    assertEquals(23, o + n);
    assertEquals(14, o); // 8 * 23 / 13 = 14.15
    assertEquals(9, n);
    assertNotNull(r.rs("web-old").path("metadata").path("annotations").get(DeploymentUtil.DESIRED_REPLICAS));
    assertEquals("20", r.rs("web-new").path("metadata").path("annotations").path(DeploymentUtil.DESIRED_REPLICAS).asText());
  }

  @Test
  void shouldGiveTheRolledBackReplicaSetTheNextRevisionAndKeepItsHistory() {
    ObjectNode v1 = deployment(3, "v1", ROLLING);
    ObjectNode old = replicaSet(v1, "web-old", 0, 0, "1", "2026-01-01T00:00:00Z");
    ObjectNode current = replicaSet(deployment(3, "v2", ROLLING), "web-new", 3, 3, "2", "2026-01-01T00:05:00Z");
    Rollout r = sync(v1, List.of(old, current));
    JsonNode a = r.rs("web-old").path("metadata").path("annotations");
    assertTrue(r.updated.contains("web-old"), r.updated.toString());
    assertEquals("3", a.path(DeploymentUtil.REVISION).asText());
    assertEquals("1", a.path(DeploymentUtil.REVISION_HISTORY).asText());
  }
}
