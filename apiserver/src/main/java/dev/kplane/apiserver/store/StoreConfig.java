package dev.kplane.apiserver.store;

import dev.kplane.schemas.Topics;
import java.time.Duration;

/**
 * How one API server instance reaches and lays out the store.
 *
 * @param bootstrapServers Kafka bootstrap
 * @param topics the cluster's topic names (its prefix)
 * @param instanceId stable name of this API server instance: its static group membership, so a restart takes
 *     its shards back at once instead of after a session timeout
 * @param shards partitions of the commands topic; a resource type's writes all go to one shard
 * @param replyPartitions partitions of the replies topic
 * @param replicationFactor of every kplane topic
 * @param minInsyncReplicas of every kplane topic
 * @param minCompactionLag how long superseded versions stay readable in resource topics (history)
 * @param deleteRetention how long tombstones stay: the window a watch can resume from
 */
public record StoreConfig(
    String bootstrapServers,
    Topics topics,
    String instanceId,
    int shards,
    int replyPartitions,
    short replicationFactor,
    int minInsyncReplicas,
    Duration minCompactionLag,
    Duration deleteRetention) {

  public static StoreConfig defaults(String bootstrapServers, String prefix, String instanceId) {
    return new StoreConfig(bootstrapServers, new Topics(prefix), instanceId, 4, 4, (short) 1, 1,
        Duration.ofHours(1), Duration.ofHours(24));
  }

  public StoreConfig withReplication(short factor, int minInsync) {
    return new StoreConfig(bootstrapServers, topics, instanceId, shards, replyPartitions, factor, minInsync,
        minCompactionLag, deleteRetention);
  }

  public StoreConfig withInstanceId(String id) {
    return new StoreConfig(bootstrapServers, topics, id, shards, replyPartitions, replicationFactor,
        minInsyncReplicas, minCompactionLag, deleteRetention);
  }

  /** The reply partition this instance reads. */
  public int replyPartition() {
    return Math.floorMod(instanceId.hashCode(), replyPartitions);
  }
}
