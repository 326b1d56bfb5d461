package dev.kplane.cluster;

import dev.kplane.scheduler.Scheduler;
import dev.kplane.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bin/kplane scheduler: the scheduler (a Kafka Streams application) against an existing Kafka. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = {"Run the scheduler: a Kafka Streams application over the pods and nodes topics that binds pods "
        + "through the API's Kafka door. Profiles come from a KubeSchedulerConfiguration file (--config); "
        + "without one, the default-scheduler profile with kube-scheduler's default plugins."})
final class SchedulerCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092")
  String kafka;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--config", description = "A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1)")
  Path config;

  @Option(names = "--state-dir", defaultValue = ".kplane/scheduler", description = "Where the RocksDB stores live (default ${DEFAULT-VALUE})")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    Scheduler scheduler = new Scheduler(options(kafka, clusterName, stateDir, config));
    return Foreground.run(scheduler, scheduler::start,
        () -> "kplane scheduler running (" + clusterName + "-scheduler)");
  }

  static SchedulerOptions options(String kafka, String cluster, Path stateDir, Path config) {
    return new SchedulerOptions(kafka, cluster, config, stateDir.toAbsolutePath());
  }
}
