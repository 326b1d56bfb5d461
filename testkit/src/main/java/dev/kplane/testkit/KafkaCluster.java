package dev.kplane.testkit;

import dev.kplane.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Three (or more) real Kafka nodes in this JVM, each broker and controller, with a static quorum: for fault
 * tests that stop a broker under load. Internal topics are replicated to all nodes with min.insync 2.
 */
public final class KafkaCluster implements AutoCloseable {
  private final List<EmbeddedKafka> nodes = new ArrayList<>();
  private final List<Boolean> up = new ArrayList<>();
  private final Path dir;

  private KafkaCluster(Path dir) {
    this.dir = dir;
  }

  public static KafkaCluster start(int size) throws IOException {
    KafkaCluster c = new KafkaCluster(Files.createTempDirectory("kplane-test-cluster"));
    String clusterId = Uuid.randomUuid().toString();
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {dev.kplane.kafka.Ports.free(false), dev.kplane.kafka.Ports.free(false)});
    }
    String voters = java.util.stream.IntStream.range(0, size)
        .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1]).collect(Collectors.joining(","));
    for (int i = 0; i < size; i++) {
      c.nodes.add(EmbeddedKafka.builder().dataDir(c.dir.resolve("node-" + (i + 1)))
          .port(ports.get(i)[0]).controllerPort(ports.get(i)[1]).quorum(i + 1, clusterId, voters)
          .config("offsets.topic.replication.factor", Integer.toString(Math.min(3, size)))
          .config("transaction.state.log.replication.factor", Integer.toString(Math.min(3, size)))
          .config("transaction.state.log.min.isr", "2")
          .config("min.insync.replicas", "2")
          .config("default.replication.factor", Integer.toString(Math.min(3, size)))
          .build());
      c.up.add(false);
    }
    // a quorum elects a leader only when a majority runs: start them together
    CompletableFuture.allOf(c.nodes.stream().map(n -> CompletableFuture.runAsync(n::start)).toArray(CompletableFuture[]::new)).join();
    for (int i = 0; i < size; i++) {
      c.up.set(i, true);
    }
    return c;
  }

  /** Bootstrap servers of every node that runs. */
  public String bootstrapServers() {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (up.get(i)) {
        s.add(nodes.get(i).bootstrapServers());
      }
    }
    return String.join(",", s);
  }

  /** Stops one node (0-based). In one JVM this is a shutdown, not a kill -9: the node's sockets close at once. */
  public void stopNode(int index) {
    nodes.get(index).close();
    up.set(index, false);
  }

  @Override
  public void close() {
    CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::close)).toArray(CompletableFuture[]::new)).join();
    Dirs.delete(dir);
  }
}
