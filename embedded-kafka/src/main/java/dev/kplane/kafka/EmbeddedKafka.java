package dev.kplane.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) run in this JVM from
 * the Maven Central artifacts. Its log directory is formatted once; later starts on the same directory keep
 * every topic, so the data survives restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private final int nodeId;
  private final String clusterId;
  private final String voters;
  private KafkaRaftServer server;

  private EmbeddedKafka(Builder b) {
    this.dataDir = b.dataDir;
    this.port = b.port == 0 ? Ports.free(false) : b.port;
    this.controllerPort = b.controllerPort == 0 ? Ports.free(false) : b.controllerPort;
    this.overrides = Map.copyOf(b.config);
    this.nodeId = b.nodeId;
    this.clusterId = b.clusterId;
    this.voters = b.voters != null ? b.voters : nodeId + "@127.0.0.1:" + controllerPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private Path dataDir;
    private int port;
    private int controllerPort;
    private final Map<String, String> config = new HashMap<>();
    private int nodeId = 1;
    private String clusterId;
    private String voters;

    /**
     * Makes this node one of a static quorum (several nodes in one JVM, for fault tests): its id, the shared
     * cluster id, and "id@host:controllerPort,..." of every voter.
     */
    public Builder quorum(int nodeId, String clusterId, String voters) {
      this.nodeId = nodeId;
      this.clusterId = clusterId;
      this.voters = voters;
      return this;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** 0 chooses a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** 0 chooses a free port. */
    public Builder controllerPort(int port) {
      this.controllerPort = port;
      return this;
    }

    public Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    public EmbeddedKafka build() {
      if (dataDir == null) {
        throw new IllegalArgumentException("dataDir is required");
      }
      return new EmbeddedKafka(this);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public synchronized void start() {
    long t0 = System.nanoTime();
    requireFree(port, "broker");
    requireFree(controllerPort, "controller");
    Map<String, String> props = settings();
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format(props);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot prepare Kafka's data directory " + dataDir + ": " + e.getMessage(), e);
    }
    Properties p = new Properties();
    p.putAll(props);
    server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
    server.startup();
    awaitReady(Duration.ofSeconds(60));
    log.info("Kafka broker ready at {} in {} ms (data in {})", bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
  }

  private Map<String, String> settings() {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Let a group member ask for a short session (the default floor is 6 s): the controller-manager's
    // failover time is its session timeout.
    p.put("group.min.session.timeout.ms", "1000");
    p.put("log.cleaner.dedupe.buffer.size", "8388608");
    // transactions are on the write path: the default 20 ms backoff shows up as 20 ms steps in latency
    p.put("add.partitions.to.txn.retry.backoff.ms", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("message.max.bytes", Integer.toString(8 << 20));
    p.putAll(overrides);
    return p;
  }

  private void format(Map<String, String> props) throws Exception {
    Formatter f = new Formatter()
        .setClusterId(clusterId != null ? clusterId : Uuid.randomUuid().toString())
        .setNodeId(nodeId)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
        .setDirectories(java.util.List.of(dataDir.toAbsolutePath().toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    f.run();
    log.info("formatted a new Kafka data directory in {}", dataDir);
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka at " + bootstrapServers() + " did not become ready in " + timeout, e);
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for Kafka", e);
    }
  }

  private static void requireFree(int port, String what) {
    if (!Ports.isFree(port)) {
      throw new IllegalStateException("port " + port + " for the Kafka " + what + " is taken; stop what uses it or "
          + "choose another port");
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      log.info("Kafka broker at {} stopped", bootstrapServers());
    }
  }
}
