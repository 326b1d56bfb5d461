package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.schemas.Json;
import dev.kplane.testkit.StallableKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The controller-manager outlives a broker that stops answering for 13 s (longer than its transactions may stay
 * open): afterwards it reconciles again, and a scale creates exactly the pods asked for. The broker is reached
 * through a relay that holds every byte, the broker's requests to itself included, as in a long pause.
 */
class BrokerStallIT {
  private static final String NS = "stall";
  private static final String RS = "/apis/apps/v1/namespaces/" + NS + "/replicasets";

  @Test
  void shouldReconcileExactlyAfterABrokerStall() throws Exception {
    try (StallableKafka kafka = new StallableKafka();
         TestCluster c = new TestCluster("stall", kafka.bootstrapServers())) {
      c.startControllers("c0");
      c.namespace(NS);
      c.post(RS, Json.parse(("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'web'},'spec':{"
          + "'replicas':3,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
          + "'spec':{'containers':[{'name':'c','image':'busybox:1'}]}}}}").replace('\'', '"')));
      TestCluster.await(Duration.ofSeconds(45), "3 pods", () -> c.pods(NS).size() == 3);

      kafka.stall();
      Thread.sleep(13_000);
      kafka.resume();

      c.patch(RS + "/web", "application/merge-patch+json", Json.parse("{\"spec\":{\"replicas\":6}}"));
      TestCluster.await(Duration.ofSeconds(90), "6 pods after the stall",
          () -> c.pods(NS).size() == 6 && c.get(RS + "/web").path("status").path("replicas").asInt() == 6,
          () -> "pods " + c.pods(NS).size() + ", status " + c.get(RS + "/web").path("status"));
      Thread.sleep(2_000); // a decision taken twice would show as more pods now
      assertEquals(6, c.pods(NS).size());
    }
  }
}
