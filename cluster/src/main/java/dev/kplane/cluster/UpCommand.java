package dev.kplane.cluster;

import dev.kplane.apiserver.ApiServer;
import dev.kplane.controllers.ControllerManager;
import dev.kplane.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bin/kplane up: a whole cluster on this machine, in the foreground. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run kplane in the foreground: an embedded Apache Kafka broker (unless --kafka is given), the API "
        + "server, the controller-manager and the scheduler; with --nodes N also N kubelets, the service proxy and "
        + "the cluster DNS. Writes DIR/kubeconfig. Ctrl-C stops it; its state survives in DIR."})
final class UpCommand implements Callable<Integer> {
  /** The embedded broker allows sessions this short, so a controller-manager that dies hands over its tasks fast. */
  private static final java.time.Duration EMBEDDED_SESSION_TIMEOUT = java.time.Duration.ofSeconds(3);

  @picocli.CommandLine.Mixin
  ServiceNetworkOptions serviceNetwork = new ServiceNetworkOptions();

  @Option(names = "--data-dir", defaultValue = ".kplane", description = "Where state and the kubeconfig live (default ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--api-port", defaultValue = "6443", description = "HTTP port of the Kubernetes API (default ${DEFAULT-VALUE})")
  int apiPort;

  @Option(names = "--kafka", description = "Use this Kafka instead of starting an embedded broker")
  String kafka;

  @Option(names = "--kafka-port", defaultValue = "19092", description = "Port of the embedded broker (default ${DEFAULT-VALUE}); its controller uses the next one")
  int kafkaPort;

  @Option(names = "--nodes", defaultValue = "0", description = "Nodes to run: kubelets in this process (node-1, node-2, ...), "
      + "the node dispatcher, the service proxy and the cluster DNS (default ${DEFAULT-VALUE}: control plane only)")
  int nodes;

  @Option(names = "--runtime", defaultValue = "AUTO", description = "The nodes' container runtime: CONTAINERD (as root; "
      + "bin/setup-containerd installs and starts it), SIMULATED (no containers: for scale tests), or AUTO: CONTAINERD "
      + "as root, else SIMULATED (default ${DEFAULT-VALUE})")
  Nodes.Runtime runtime;

  @Option(names = "--scheduler-config", description = "A KubeSchedulerConfiguration file for the scheduler")
  Path schedulerConfig;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir.toAbsolutePath();
    Files.createDirectories(dir);
    Deque<AutoCloseable> running = new ArrayDeque<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("kplane: stopping");
      closeAll(running);
      stopped.countDown();
    }, "shutdown"));
    String bootstrap = kafka;
    if (bootstrap == null) {
      System.out.println("kplane: starting embedded Kafka (data in " + dir.resolve("kafka") + ")");
      EmbeddedKafka broker = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(kafkaPort)
          .controllerPort(kafkaPort + 1).build();
      running.push(broker);
      broker.start();
      bootstrap = broker.bootstrapServers();
      System.out.println("kplane: Kafka ready at " + bootstrap);
    }
    System.out.println("kplane: starting the API server");
    ApiServer api = new ApiServer(ApiServerCommand.config(bootstrap, clusterName, "apiserver-0", (short) 1, 1,
        "127.0.0.1", apiPort, serviceNetwork.network()));
    running.push(api);
    api.start();
    System.out.println("kplane: starting the controller-manager");
    dev.kplane.controllers.ControllerManager controllers = new dev.kplane.controllers.ControllerManager(
        ControllersCommand.options(bootstrap, clusterName, dir.resolve("controllers"), 6, "controllers-0", java.util.Set.of())
            .withSessionTimeout(kafka == null ? EMBEDDED_SESSION_TIMEOUT : ControllerManager.Options.DEFAULT_SESSION_TIMEOUT));
    running.push(controllers);
    controllers.start();
    System.out.println("kplane: starting the scheduler");
    dev.kplane.scheduler.Scheduler scheduler = new dev.kplane.scheduler.Scheduler(
        SchedulerCommand.options(bootstrap, clusterName, dir.resolve("scheduler"), schedulerConfig));
    running.push(scheduler);
    scheduler.start();
    String apiUrl = "http://127.0.0.1:" + api.port();
    if (nodes > 0) {
      System.out.println("kplane: starting the node dispatcher");
      dev.kplane.kubelet.dispatch.Dispatcher dispatcher = new dev.kplane.kubelet.dispatch.Dispatcher(
          new dev.kplane.kubelet.dispatch.Dispatcher.Config(bootstrap, clusterName, dir.resolve("dispatcher")));
      running.push(dispatcher);
      dispatcher.start();
      awaitRunning("the node dispatcher", () -> dispatcher.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
      System.out.println("kplane: starting " + nodes + " node(s)");
      Nodes.start(nodes, runtime, bootstrap, clusterName, apiUrl, dir, running);
      String nodeAddress = dev.kplane.kubelet.node.Machine.probe(dir).hostIp();
      ServiceNetworking.start(bootstrap, clusterName, Nodes.name(1), nodeAddress, apiUrl, running);
    }
    awaitRunning("the controller-manager", controllers::running);
    awaitRunning("the scheduler", scheduler::running);
    Path kubeconfig = writeKubeconfig(dir, apiUrl);
    System.out.println("kplane: ready. API at " + apiUrl);
    System.out.println("export KUBECONFIG=" + kubeconfig);
    stopped.await();
    return 0;
  }

  /**
   * Ready means every component takes work: a Kafka Streams application is not running until its first rebalance
   * has assigned its tasks and restored their stores.
   */
  private static void awaitRunning(String what, java.util.function.BooleanSupplier running) throws InterruptedException {
    long start = System.nanoTime();
    long lastSaid = start;
    while (!running.getAsBoolean()) {
      if (System.nanoTime() - lastSaid > 10_000_000_000L) {
        lastSaid = System.nanoTime();
        System.out.println("kplane: waiting for " + what + " to start its tasks ("
            + (lastSaid - start) / 1_000_000_000L + " s)");
      }
      Thread.sleep(100);
    }
  }

  static Path writeKubeconfig(Path dir, String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kplane
          cluster:
            server: %s
        users:
        - name: kplane
          user: {}
        contexts:
        - name: kplane
          context:
            cluster: kplane
            user: kplane
            namespace: default
        current-context: kplane
        """.formatted(server));
    return file;
  }

  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("kplane: error while stopping: " + e);
      }
    }
  }
}
