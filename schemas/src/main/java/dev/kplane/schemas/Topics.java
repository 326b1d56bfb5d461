package dev.kplane.schemas;

/**
 * Topic names of one cluster. Every name starts with the cluster prefix (default "kplane"), so several
 * clusters can share one Kafka.
 */
public record Topics(String prefix) {
  public static final String DEFAULT_PREFIX = "kplane";

  public Topics {
    if (prefix == null || prefix.isBlank() || !prefix.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException("cluster prefix must match [a-zA-Z0-9._-]+: " + prefix);
    }
  }

  /** kplane.core.pods, kplane.apps.deployments, kplane.stable.example.com.crontabs */
  public String resource(ResourceType type) {
    return prefix + "." + type.topicGroup() + "." + type.resource();
  }

  public String commands() {
    return prefix + ".commands";
  }

  public String replies() {
    return prefix + ".replies";
  }

  public String requests() {
    return prefix + ".requests";
  }

  public String audit() {
    return prefix + ".audit";
  }

  public String node(String nodeName) {
    return prefix + ".node." + nodeName;
  }

  /** The consumer group whose assignment of the commands partitions decides which API server writes which shard. */
  public String registryGroup() {
    return prefix + "-registry";
  }

  /** Transactional id of the writer of a shard: fencing a deposed writer rests on it being the same everywhere. */
  public String shardTransactionalId(int shard) {
    return prefix + "-shard-" + shard;
  }
}
