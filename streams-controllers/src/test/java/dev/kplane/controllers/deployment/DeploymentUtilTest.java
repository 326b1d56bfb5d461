package dev.kplane.controllers.deployment;

import static dev.kplane.controllers.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeploymentUtilTest {
  static ObjectNode deployment(int replicas, String surge, String unavailable) {
    return object(("{'metadata':{'name':'d','namespace':'ns','uid':'u','generation':1},'spec':{'replicas':%d,"
        + "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':%s,'maxUnavailable':%s}},"
        + "'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d'}},'spec':{}}}}")
        .formatted(replicas, surge, unavailable));
  }

  static ObjectNode rs(String name, int replicas) {
    return object("{'metadata':{'name':'%s','namespace':'ns'},'spec':{'replicas':%d}}".formatted(name, replicas));
  }

  @ParameterizedTest(name = "replicas={0} maxSurge={1} maxUnavailable={2} -> surge {3}, unavailable {4}")
  @CsvSource({
      "10, '\"25%\"', '\"25%\"', 3, 2",
      "3, '\"25%\"', '\"25%\"', 1, 0",
      "3, '1', '0', 1, 0",
      "3, '0', '0', 0, 1",
      "1, '\"0%\"', '\"0%\"', 0, 1",
      "4, '\"50%\"', '\"100%\"', 2, 4",
      "0, '\"25%\"', '\"25%\"', 0, 0"})
  void shouldResolveFencepostsWithKubesRounding(int replicas, String surge, String unavailable, int s, int u) {
    ObjectNode d = deployment(replicas, surge, unavailable);
    assertEquals(s, DeploymentUtil.maxSurge(d));
    assertEquals(u, DeploymentUtil.maxUnavailable(d));
  }

  @Test
  void shouldGrowTheNewReplicaSetWithinMaxSurge() {
    ObjectNode d = deployment(3, "1", "0");
    ObjectNode old = rs("old", 3);
    ObjectNode fresh = rs("new", 0);
    assertEquals(1, DeploymentUtil.newRSNewReplicas(d, List.of(old, fresh), fresh));
    old.with("spec").put("replicas", 2);
    fresh.with("spec").put("replicas", 1);
    assertEquals(2, DeploymentUtil.newRSNewReplicas(d, List.of(old, fresh), fresh));
    fresh.with("spec").put("replicas", 2);
    assertEquals(2, DeploymentUtil.newRSNewReplicas(d, List.of(old, fresh), fresh));
  }

  @Test
  void shouldEncodeHashesWithKubesAlphabet() {
    // rand.SafeEncodeString: the digits 0-9 (48-57) map to alphanums[48 % 27] ... = "456789bcdf"
    assertEquals("456789bcdf", PodTemplateHash.safeEncodeString("0123456789"));
    String h = PodTemplateHash.compute(deployment(1, "1", "0").path("spec").path("template"), null);
    assertTrue(h.matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}"), h);
    assertNotEquals(h, PodTemplateHash.compute(deployment(1, "1", "0").path("spec").path("template"), 1));
  }

  @Test
  void shouldCompareTemplatesIgnoringTheHashLabel() {
    ObjectNode a = object("{'metadata':{'labels':{'app':'d','pod-template-hash':'abc'}},'spec':{'x':1}}");
    ObjectNode b = object("{'metadata':{'labels':{'app':'d'}},'spec':{'x':1}}");
    assertTrue(DeploymentUtil.equalIgnoreHash(a, b));
    assertFalse(DeploymentUtil.equalIgnoreHash(a, object("{'metadata':{'labels':{'app':'d'}},'spec':{'x':2}}")));
    // what kubectl rollout undo sends back: Go's zero values spelled out
    ObjectNode undone = object("{'metadata':{'creationTimestamp':null,'labels':{'app':'d'}},'spec':{'x':1,'resources':{}}}");
    assertTrue(DeploymentUtil.equalIgnoreHash(a, undone));
    assertEquals(PodTemplateHash.compute(b, null), PodTemplateHash.compute(undone, null));
  }

  @Test
  void shouldKeepRevisionHistoryWhenRollingBackToAnOldReplicaSet() {
    ObjectNode d = deployment(1, "1", "0");
    ObjectNode rs = rs("r", 1);
    rs.with("metadata").putObject("annotations").put(DeploymentUtil.REVISION, "1");
    assertTrue(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "3", true));
    assertEquals("3", rs.path("metadata").path("annotations").path(DeploymentUtil.REVISION).asText());
    assertEquals("1", rs.path("metadata").path("annotations").path(DeploymentUtil.REVISION_HISTORY).asText());
  }

  @Test
  void shouldScaleProportionallyByTheMaxReplicasAnnotation() {
    ObjectNode d = deployment(20, "\"25%\"", "\"25%\""); // max 25
    ObjectNode rs = rs("a", 8);
    rs.with("metadata").putObject("annotations").put(DeploymentUtil.MAX_REPLICAS, "13");
    // 8 * 25 / 13 = 15.38 -> 15: 7 more
    assertEquals(7, DeploymentUtil.proportion(rs, d, 12, 0));
    assertEquals(5, DeploymentUtil.proportion(rs, d, 5, 0), "never more than allowed");
  }
}
