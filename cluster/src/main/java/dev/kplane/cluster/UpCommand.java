package dev.kplane.cluster;

import dev.kplane.apiserver.ApiServer;
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
    description = {"Run kplane in the foreground: an embedded Apache Kafka broker (unless --kafka is given) and "
        + "the API server. Writes DIR/kubeconfig. Ctrl-C stops it; its state survives in DIR."})
final class UpCommand implements Callable<Integer> {
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

  @Option(names = "--nodes", defaultValue = "0", description = "Nodes to run kubelets for (not implemented yet: must be 0)")
  int nodes;

  @Option(names = "--scheduler-config", description = "A KubeSchedulerConfiguration file for the scheduler")
  Path schedulerConfig;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Override
  public Integer call() throws Exception {
    if (nodes > 0) {
      System.err.println("kplane: --nodes needs the kubelet, which is not implemented yet; run without --nodes.");
      return 2;
    }
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
        ControllersCommand.options(bootstrap, clusterName, dir.resolve("controllers"), 6, "controllers-0", java.util.Set.of()));
    running.push(controllers);
    controllers.start();
    System.out.println("kplane: starting the scheduler");
    dev.kplane.scheduler.Scheduler scheduler = new dev.kplane.scheduler.Scheduler(
        SchedulerCommand.options(bootstrap, clusterName, dir.resolve("scheduler"), schedulerConfig));
    running.push(scheduler);
    scheduler.start();
    Path kubeconfig = writeKubeconfig(dir, "http://127.0.0.1:" + api.port());
    System.out.println("kplane: ready. API at http://127.0.0.1:" + api.port());
    System.out.println("export KUBECONFIG=" + kubeconfig);
    stopped.await();
    return 0;
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
