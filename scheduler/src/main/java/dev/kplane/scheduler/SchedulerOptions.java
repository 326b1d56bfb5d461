package dev.kplane.scheduler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the scheduler.
 *
 * @param bootstrapServers the Kafka cluster
 * @param prefix the cluster prefix of the topic names (and of the Streams application id)
 * @param configFile a KubeSchedulerConfiguration file (profiles, back-off); null: one default-scheduler profile
 * @param stateDir where Kafka Streams keeps the RocksDB stores
 */
public record SchedulerOptions(String bootstrapServers, String prefix, Path configFile, Path stateDir) {
  public SchedulerOptions {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(stateDir, "stateDir");
  }

  public static SchedulerOptions of(String bootstrapServers, String prefix, Path stateDir) {
    return new SchedulerOptions(bootstrapServers, prefix, null, stateDir);
  }

  public SchedulerOptions withConfigFile(Path file) {
    return new SchedulerOptions(bootstrapServers, prefix, file, stateDir);
  }

  /** The Streams application id: one scheduler application per cluster. */
  public String applicationId() {
    return prefix + "-scheduler";
  }
}
