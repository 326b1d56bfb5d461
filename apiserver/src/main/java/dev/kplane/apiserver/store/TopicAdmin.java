package dev.kplane.apiserver.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates kplane's topics with the configs the design gives them; creating one that exists is a no-op. */
public final class TopicAdmin {
  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long WEEK_MS = 7L * 24 * 3600 * 1000;

  private final Admin admin;
  private final StoreConfig config;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public TopicAdmin(Admin admin, StoreConfig config) {
    this.admin = admin;
    this.config = config;
  }

  /** commands (one partition per shard), replies, requests, audit. */
  public void ensureControlTopics() {
    var t = config.topics();
    ensure(List.of(
        topic(t.commands(), config.shards(), deleteConfigs(WEEK_MS)),
        topic(t.replies(), config.replyPartitions(), deleteConfigs(3600_000L)),
        topic(t.requests(), config.shards(), deleteConfigs(WEEK_MS)),
        topic(t.audit(), 1, deleteConfigs(-1L))));
  }

  /** One compacted single-partition topic per resource type: its offset is the resourceVersion. */
  public void ensureResourceTopics(List<String> names) {
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names) {
      if (!known.contains(name)) {
        Map<String, String> c = new HashMap<>();
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        c.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(config.minCompactionLag().toMillis()));
        c.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(config.deleteRetention().toMillis()));
        c.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.minInsyncReplicas()));
        // An object may be up to the request limit; the JSON inside the Avro record adds little.
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 << 20));
        missing.add(new NewTopic(name, 1, config.replicationFactor()).configs(c));
      }
    }
    ensure(missing);
  }

  private Map<String, String> deleteConfigs(long retentionMs) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.minInsyncReplicas()),
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 << 20));
  }

  private NewTopic topic(String name, int partitions, Map<String, String> configs) {
    return new NewTopic(name, partitions, config.replicationFactor()).configs(configs);
  }

  private void ensure(List<NewTopic> topics) {
    if (topics.isEmpty()) {
      return;
    }
    var result = admin.createTopics(topics);
    for (NewTopic t : topics) {
      try {
        result.values().get(t.name()).get();
        log.info("created topic {} ({} partitions, replication {})", t.name(), t.numPartitions(), t.replicationFactor());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted creating topic " + t.name(), e);
      }
      known.add(t.name());
    }
  }
}
