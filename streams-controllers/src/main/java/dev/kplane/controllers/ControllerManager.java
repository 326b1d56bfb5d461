package dev.kplane.controllers;

import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kplane's controller-manager: one Kafka Streams application ({@code application.id = <prefix>-controllers}) whose
 * topology holds one sub-topology per controller. Instances with the same prefix share the tasks (the partitions
 * of the repartition topics); one that dies hands its tasks to the others, warm from standby replicas.
 * Exactly-once: a task's store updates, expectations and requests commit together or not at all.
 */
public final class ControllerManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

  /**
   * @param bootstrap Kafka bootstrap servers
   * @param prefix the cluster prefix of the topics
   * @param partitions partitions of the repartition topics ({@code controllers.partitions})
   * @param stateDir where RocksDB stores live (one directory per instance on one machine)
   * @param instanceId this instance's name (client.id)
   * @param controllers the controller names to run; empty: all of {@link Controllers#ALL}
   * @param sessionTimeout how long a dead instance keeps its tasks: the failover time. At least the brokers'
   *     group.min.session.timeout.ms (6 s by default; kplane's embedded broker allows 1 s)
   */
  public record Options(String bootstrap, String prefix, int partitions, Path stateDir, String instanceId,
      Set<String> controllers, Duration sessionTimeout) {
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

    public static Options defaults(String bootstrap, String prefix, Path stateDir) {
      return new Options(bootstrap, prefix, 6, stateDir, "controllers-0", Set.of(), DEFAULT_SESSION_TIMEOUT);
    }

    public Options withPartitions(int n) {
      return new Options(bootstrap, prefix, n, stateDir, instanceId, controllers, sessionTimeout);
    }

    public Options withInstanceId(String id) {
      return new Options(bootstrap, prefix, partitions, stateDir, id, controllers, sessionTimeout);
    }

    public Options withControllers(Set<String> names) {
      return new Options(bootstrap, prefix, partitions, stateDir, instanceId, names, sessionTimeout);
    }

    public Options withSessionTimeout(Duration timeout) {
      return new Options(bootstrap, prefix, partitions, stateDir, instanceId, controllers, timeout);
    }
  }

  private final Options options;
  private final Topology topology;
  private KafkaStreams streams;

  public ControllerManager(Options options) {
    this.options = options;
    this.topology = topology(new ControllerContext(new Topics(options.prefix()), options.partitions()),
        selected(options.controllers()));
  }

  /** The one topology of the given controllers. */
  public static Topology topology(ControllerContext context, List<Controller> controllers) {
    StreamsBuilder builder = new StreamsBuilder();
    for (Controller c : controllers) {
      c.build(builder, context);
    }
    ReconcileProcessor.buildAll(builder, context);
    return builder.build();
  }

  static List<Controller> selected(Set<String> names) {
    List<Controller> list = Controllers.ALL.stream().filter(c -> names.isEmpty() || names.contains(c.name())).toList();
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no such controllers: " + names);
    }
    return list;
  }

  public String applicationId() {
    return options.prefix() + "-controllers";
  }

  Properties properties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    p.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId() + "-" + options.instanceId());
    p.put(StreamsConfig.STATE_DIR_CONFIG, options.stateDir().toString());
    dev.kplane.schemas.StreamsTuning.exactlyOnceLowLatency(p);
    // Reconciles are level-triggered: a record whose processing throws is logged and skipped (the next change of
    // the object reconciles it again) rather than failing the thread, which would meet the same record forever.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler.class);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // A dead instance's tasks move after the session timeout; heartbeats come four times within it.
    int session = (int) options.sessionTimeout().toMillis();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), session);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Math.max(250, session / 4));
    // Resource topics are the whole history of the cluster: a new application reads them from the start.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }

  /** Waits (up to a minute) for the resource topics the topology reads, then starts the Streams application. */
  public synchronized void start() throws InterruptedException, TimeoutException {
    awaitSourceTopics(Duration.ofMinutes(1));
    streams = new KafkaStreams(topology, properties());
    streams.setUncaughtExceptionHandler(e -> {
      log.error("controllers: a stream thread died; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((to, from) -> log.info("controllers {}: {} -> {}", options.instanceId(), from, to));
    streams.start();
    log.info("controllers {} started ({} partitions): {}", options.instanceId(), options.partitions(),
        selected(options.controllers()).stream().map(Controller::name).toList());
  }

  /** Whether the application is running with its tasks assigned. */
  public boolean running() {
    return streams != null && streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The ids of the tasks this instance runs (active, not standby): "0_1" = sub-topology 0, partition 1. */
  public Set<String> activeTasks() {
    Set<String> ids = new java.util.TreeSet<>();
    if (streams != null) {
      streams.metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task -> ids.add(task.taskId().toString())));
    }
    return ids;
  }

  /** Stops, committing and leaving the group. */
  @Override
  public synchronized void close() {
    close(Duration.ofSeconds(30));
  }

  /** Stops within timeout; {@code Duration.ZERO} returns at once (as close to a crash as one JVM gets). */
  public synchronized void close(Duration timeout) {
    if (streams != null) {
      streams.close(timeout);
      streams = null;
    }
  }

  private void awaitSourceTopics(Duration timeout) throws InterruptedException, TimeoutException {
    Set<String> needed = new java.util.TreeSet<>();
    for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Source src && src.topicSet() != null) {
          // repartition topics are the application's own; resource topics are the cluster's
          src.topicSet().stream().filter(t -> t.startsWith(options.prefix() + ".")).forEach(needed::add);
        }
      }
    }
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(p)) {
      while (true) {
        Set<String> existing;
        try {
          existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          existing = Set.of();
        }
        if (existing.containsAll(needed)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          needed.removeAll(existing);
          throw new TimeoutException("controllers: resource topics missing (is the API server up?): " + needed);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * {@code controllers --kafka HOST:PORT [--prefix kplane] [--partitions N] [--state-dir DIR] [--instance-id ID]
   * [--controllers a,b] [--session-timeout-ms MS]}
   */
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String bootstrap = a.getOrDefault("kafka", "localhost:9092");
    Options o = Options.defaults(bootstrap, a.getOrDefault("prefix", Topics.DEFAULT_PREFIX),
            Path.of(a.getOrDefault("state-dir", System.getProperty("java.io.tmpdir") + "/kplane-controllers")))
        .withPartitions(Integer.parseInt(a.getOrDefault("partitions", "6")))
        .withInstanceId(a.getOrDefault("instance-id", "controllers-0"))
        .withControllers(a.containsKey("controllers") ? Set.of(a.get("controllers").split(",")) : Set.of())
        .withSessionTimeout(Duration.ofMillis(Long.parseLong(a.getOrDefault("session-timeout-ms",
            Long.toString(Options.DEFAULT_SESSION_TIMEOUT.toMillis())))));
    ControllerManager m = new ControllerManager(o);
    Runtime.getRuntime().addShutdownHook(new Thread(m::close, "controllers-shutdown"));
    m.start();
    Thread.currentThread().join();
  }
}
