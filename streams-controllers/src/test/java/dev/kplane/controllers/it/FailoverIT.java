package dev.kplane.controllers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.LogTail;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two controller-manager processes share the work; the one running the ReplicaSet task of the namespace is killed
 * (SIGKILL) while a Deployment scales from 0 to 200: the other takes the task over and exactly 200 pods are ever
 * created.
 */
@ExtendWith(SharedKafka.class)
class FailoverIT {
  private static final String NS = "scale";
  private static final int REPLICAS = 200;

  private final Map<String, Path> logs = new HashMap<>();

  private Process controllers(TestCluster c, String instance) throws Exception {
    Path state = c.tempDir("controllers-" + instance);
    Path log = Files.createTempFile("controllers-" + instance, ".log");
    logs.put(instance, log);
    List<String> cmd = List.of(TestCluster.classpathJava().toString(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), "dev.kplane.controllers.ControllerManager", "--kafka", c.bootstrap,
        "--prefix", c.prefix, "--partitions", "4", "--state-dir", state.toString(), "--instance-id", instance);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Which instance's consumer holds the partition (active tasks only: standbys read no input partitions). */
  private static String owner(Admin admin, String group, TopicPartition tp) throws Exception {
    ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    for (MemberDescription m : g.members()) {
      if (m.assignment().topicPartitions().contains(tp)) {
        return m.clientId();
      }
    }
    return null;
  }

  /** The last lines each controller-manager logged, for a failure message. */
  private String logTails() {
    StringBuilder b = new StringBuilder();
    logs.forEach((instance, log) -> b.append("\n--- controllers ").append(instance).append(" (last 40 lines):\n")
        .append(LogTail.of(log, 40, l -> true)).append('\n'));
    return b.toString();
  }

  private static int pods(TestCluster c) {
    return c.pods(NS).size();
  }

  @Test
  void shouldCreateExactlyTheReplicasWhenTheOwnerDiesMidScale() throws Exception {
    try (TestCluster c = new TestCluster("failover")) {
      Map<String, Process> procs = new HashMap<>();
      procs.put("a", controllers(c, "a"));
      procs.put("b", controllers(c, "b"));
      try {
        c.namespace(NS);
        c.post("/apis/apps/v1/namespaces/" + NS + "/deployments", Json.parse(("{'apiVersion':'apps/v1','kind':'Deployment',"
            + "'metadata':{'name':'big'},'spec':{'replicas':0,'selector':{'matchLabels':{'app':'big'}},"
            + "'template':{'metadata':{'labels':{'app':'big'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}")
            .replace('\'', '"')));
        long t0 = System.nanoTime();
        TestCluster.await(Duration.ofSeconds(90), "the ReplicaSet of the Deployment", () -> c.replicaSets(NS).size() == 1,
            this::logTails);
        System.out.printf("the ReplicaSet after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        String app = c.prefix + "-controllers";
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap);
        try (Admin admin = Admin.create(p)) {
          // both members in the group, so that one survives to take over
          TestCluster.await(Duration.ofSeconds(45), "two instances in the group", () -> {
            try {
              return admin.describeConsumerGroups(List.of(app)).all().get(10, TimeUnit.SECONDS).get(app).members().size() == 2;
            } catch (Exception e) {
              return false;
            }
          });
          c.patch("/apis/apps/v1/namespaces/" + NS + "/deployments/big", "application/merge-patch+json",
              Json.parse("{\"spec\":{\"replicas\":" + REPLICAS + "}}"));
          TestCluster.await(Duration.ofSeconds(30), "the first pods", () -> pods(c) >= 20);

          int partition = org.apache.kafka.common.utils.Utils.toPositive(
              org.apache.kafka.common.utils.Utils.murmur2(NS.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 4;
          TopicPartition rsInput = new TopicPartition(app + "-objects-repartition", partition);
          String owner = owner(admin, app, rsInput);
          String victim = owner != null && owner.contains("-b-") ? "b" : "a";
          int before = pods(c);
          procs.get(victim).destroyForcibly().waitFor();
          System.out.printf("killed controllers %s (owner %s) at %d pods%n", victim, owner, before);
        }

        TestCluster.await(Duration.ofSeconds(90), REPLICAS + " pods and the status saying so", () -> {
          JsonNode d = c.get("/apis/apps/v1/namespaces/" + NS + "/deployments/big");
          return pods(c) == REPLICAS && d.path("status").path("replicas").asInt() == REPLICAS;
        }, () -> "pods " + pods(c) + ", replica sets " + c.replicaSets(NS).stream().map(rs -> rs.path("status")).toList()
            + logTails());
        Set<String> created = new TreeSet<>();
        List<String> deleted = new ArrayList<>();
        for (var r : TopicReader.readCommitted(c.bootstrap, c.prefix + ".core.pods")) {
          if (r.key().startsWith(NS + "/")) {
            created.add(r.key());
            if (r.value() == null) {
              deleted.add(r.key());
            }
          }
        }
        assertEquals(List.of(), deleted, "no pod was deleted: none was surplus");
        assertEquals(REPLICAS, created.size(), "pods ever created");
        assertEquals(REPLICAS, pods(c));
      } finally {
        for (Process proc : procs.values()) {
          proc.destroyForcibly().waitFor();
        }
      }
    }
  }
}
