package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Deployment rolled to a new image with maxUnavailable=0 keeps its ready pods, and kubectl's own rollout status,
 * history and undo work against what the controllers write.
 */
@ExtendWith(SharedKafka.class)
class DeploymentRolloutIT {
  private static final String NS = "roll";
  private static final String PATH = "/apis/apps/v1/namespaces/" + NS + "/deployments/web";

  private static JsonNode deployment() {
    return Json.parse(("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':3,"
        + "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':0}},"
        + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
        + "'spec':{'containers':[{'name':'c','image':'busybox:1'}]}}}}").replace('\'', '"'));
  }

  private static boolean rolledOut(TestCluster c, String image) {
    JsonNode d = c.get(PATH);
    JsonNode s = d.path("status");
    List<JsonNode> pods = c.pods(NS);
    return s.path("observedGeneration").asLong() == d.path("metadata").path("generation").asLong()
        && s.path("updatedReplicas").asInt() == 3 && s.path("replicas").asInt() == 3
        && s.path("availableReplicas").asInt() == 3 && pods.size() == 3
        && pods.stream().allMatch(p -> TestCluster.isReady(p)
            && p.path("spec").path("containers").path(0).path("image").asText().equals(image));
  }

  private static String state(TestCluster c) {
    return "deployment status " + c.get(PATH).path("status") + ", replica sets "
        + c.replicaSets(NS).stream().map(rs -> rs.path("metadata").path("name").asText() + " spec "
            + rs.path("spec").path("replicas") + " status " + rs.path("status")).toList()
        + ", pods " + c.pods(NS).size() + ", ready " + ready(c);
  }

  private static int ready(TestCluster c) {
    return (int) c.pods(NS).stream()
        .filter(p -> TestCluster.isReady(p) && !p.path("metadata").has("deletionTimestamp")).count();
  }

  @Test
  void shouldNeverDropBelowReplicasReadyAndUndoToThePreviousTemplate() throws Exception {
    try (TestCluster c = new TestCluster("deploy")) {
      c.startControllers("c0");
      c.namespace(NS);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicBoolean watching = new AtomicBoolean();
      AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
      Thread kubelet = new Thread(() -> {
        while (!stop.get()) {
          if (watching.get()) {
            minReady.accumulateAndGet(ready(c), Math::min);
          }
          c.markReady(NS);
        }
      }, "test-kubelet");
      kubelet.start();
      try {
        c.post("/apis/apps/v1/namespaces/" + NS + "/deployments", deployment());
        TestCluster.await(Duration.ofSeconds(60), "the first rollout", () -> rolledOut(c, "busybox:1"), () -> state(c));

        watching.set(true);
        c.patch(PATH, "application/strategic-merge-patch+json", Json.parse(
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:2\"}]}}}}"));
        TestCluster.await(Duration.ofSeconds(60), "the rollout to busybox:2", () -> rolledOut(c, "busybox:2"), () -> state(c));
        watching.set(false);
        assertTrue(minReady.get() >= 3, "ready pods dropped to " + minReady.get());

        assertTrue(c.kubectl("rollout", "status", "deployment/web", "-n", NS, "--timeout=20s")
            .contains("successfully rolled out"));
        String history = c.kubectl("rollout", "history", "deployment/web", "-n", NS);
        assertTrue(history.contains("1 ") && history.contains("2 "), history);

        c.kubectl("rollout", "undo", "deployment/web", "-n", NS);
        TestCluster.await(Duration.ofSeconds(60), "the undo to busybox:1", () -> rolledOut(c, "busybox:1"), () -> state(c));
        JsonNode first = c.replicaSets(NS).stream()
            .filter(rs -> rs.path("spec").path("template").path("spec").path("containers").path(0).path("image")
                .asText().equals("busybox:1")).findFirst().orElseThrow();
        JsonNode annotations = first.path("metadata").path("annotations");
        assertEquals("3", annotations.path("deployment.kubernetes.io/revision").asText());
        assertEquals("1", annotations.path("deployment.kubernetes.io/revision-history").asText(), annotations.toString());
        assertEquals("3", c.get(PATH).path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText());
        assertEquals(2, c.replicaSets(NS).size());
      } finally {
        stop.set(true);
        kubelet.join();
      }
    }
  }
}
