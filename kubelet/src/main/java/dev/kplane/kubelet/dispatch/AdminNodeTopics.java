package dev.kplane.kubelet.dispatch;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a node topic (compacted, one partition, the broker's replication factor) the first time the dispatcher
 * routes to it, before the record is produced: a broker's auto-creation would make it a delete-policy topic.
 */
final class AdminNodeTopics implements NodeDispatcher.NodeTopics {
  private final Admin admin;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  AdminNodeTopics(Admin admin) {
    this.admin = admin;
  }

  @Override
  public void ensure(String topic) {
    if (known.contains(topic)) {
      return;
    }
    NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(Set.of(t)).all().get();
    } catch (ExecutionException x) {
      if (!(x.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create node topic " + topic, x.getCause());
      }
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating node topic " + topic, x);
    }
    known.add(topic);
  }
}
