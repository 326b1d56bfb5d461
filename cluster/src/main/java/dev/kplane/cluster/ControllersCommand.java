package dev.kplane.cluster;

import dev.kplane.controllers.ControllerManager;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bin/kplane controllers: one instance of the controller-manager (a Kafka Streams application). */
@Command(name = "controllers", mixinStandardHelpOptions = true,
    description = {"Run one controller-manager instance: every controller is a Kafka Streams topology over the "
        + "resource topics, repartitioned by namespace into --partitions partitions. Start more instances (each "
        + "with its own --instance-id and --state-dir) to share the partitions; killing one moves its tasks to the "
        + "others. Writes go to the API through its Kafka door with resourceVersion preconditions."})
final class ControllersCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092")
  String kafka;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the controllers' repartition topics (fixed when the application first starts; default ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--instance-id", defaultValue = "controllers-0", description = "This instance's name (default ${DEFAULT-VALUE})")
  String instanceId;

  @Option(names = "--state-dir", defaultValue = ".kplane/controllers", description = "Where the RocksDB stores live (default ${DEFAULT-VALUE})")
  Path stateDir;

  @Option(names = "--session-timeout-ms", defaultValue = "6000", description = "How long a killed instance keeps its "
      + "tasks before the others take them: the failover time. At least the brokers' group.min.session.timeout.ms "
      + "(default ${DEFAULT-VALUE}, Kafka's floor; kplane up's embedded broker allows 1000)")
  long sessionTimeoutMs;

  @Option(names = "--controllers", split = ",", description = "Controllers to run (default: all)")
  Set<String> controllers = Set.of();

  @Override
  public Integer call() throws Exception {
    ControllerManager manager = new ControllerManager(options(kafka, clusterName, stateDir, partitions, instanceId,
        controllers).withSessionTimeout(java.time.Duration.ofMillis(sessionTimeoutMs)));
    return Foreground.run(manager, manager::start,
        () -> "kplane controller-manager " + instanceId + " running (" + manager.applicationId() + ")");
  }

  static ControllerManager.Options options(String kafka, String cluster, Path stateDir, int partitions, String instanceId,
                                           Set<String> controllers) {
    return ControllerManager.Options.defaults(kafka, cluster, stateDir.toAbsolutePath()).withPartitions(partitions)
        .withInstanceId(instanceId).withControllers(controllers);
  }
}
