package dev.kplane.kubelet.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node's own compacted topic from the beginning, always (no consumer group: the topic is the
 * desired state, rebuilt in full after every restart), into {@link DesiredState}; tells which pods changed.
 * {@link #awaitCaughtUp} returns once everything that was in the topic at start has been applied, so the
 * kubelet removes orphaned containers only when it knows its whole desired set.
 */
public final class NodeTopicReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeTopicReader.class);
  private final String bootstrap;
  private final String topic;
  private final DesiredState desired;
  private final Consumer<List<String>> changed;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean closed;

  public NodeTopicReader(String bootstrap, String topic, DesiredState desired, Consumer<List<String>> changed) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.desired = desired;
    this.changed = changed;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kubelet-" + topic);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "kubelet-topic-" + topic);
    this.thread.setDaemon(true);
  }

  public void start() {
    ensureTopic();
    thread.start();
  }

  /** Creates the node topic if the dispatcher has not yet (same settings: compacted, one partition). */
  private void ensureTopic() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"))))
          .all().get();
    } catch (java.util.concurrent.ExecutionException x) {
      if (!(x.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + topic, x.getCause());
      }
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void run() {
    TopicPartition tp = new TopicPartition(topic, 0);
    try {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (!closed) {
        Set<String> uids = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          // The node topic's offsets are not the pods' resourceVersions: keep the object as the dispatcher wrote it.
          ObjectNode obj = r.value() == null ? null : (ObjectNode) Json.parse(Records.objectEvent(r.value()).getObject());
          uids.addAll(desired.apply(r.key(), obj));
        }
        if (!uids.isEmpty()) {
          changed.accept(List.copyOf(uids));
        }
        if (caughtUp.getCount() > 0 && consumer.position(tp) >= end) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException x) {
      if (!closed) {
        throw x;
      }
    } catch (RuntimeException x) {
      LOG.error("node topic {} reader stopped", topic, x);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }
}
