package dev.kplane.apiserver.store;

import dev.kplane.schemas.Records;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership in the registry consumer group. The group assigns the partitions of the commands
 * topic, one per shard; owning a partition means being that shard's writer. Commands other instances send
 * through the topic are handed to the local writer of their shard. A writer that died (fenced, or a batch that
 * failed for good) is replaced while this instance still owns its shard, and the commands it had not committed
 * are read again from the commands topic: a shard never stays unwritable.
 */
public final class ShardRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardRegistry.class);
  /** Pause before another attempt to start a shard's writer after one failed. */
  private static final long RESTART_BACKOFF_MS = 1_000;

  private final StoreConfig config;
  private final Map<Integer, ShardWriter> writers = new ConcurrentHashMap<>();
  /** When a shard whose writer failed to start may be tried again; the registry thread's alone. */
  private final Map<Integer, Long> restartAt = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final CountDownLatch firstAssignment = new CountDownLatch(1);
  private volatile boolean running = true;

  public ShardRegistry(StoreConfig config) {
    this.config = config;
    this.consumer = new KafkaConsumer<>(props(), new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "shard-registry");
  }

  public void start() {
    consumer.subscribe(List.of(config.topics().commands()), new Listener());
    thread.start();
  }

  /** Waits until the group has given this instance its first assignment (possibly empty). */
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The local writer of a shard, or null when another instance owns it. */
  public ShardWriter localWriter(int shard) {
    ShardWriter w = writers.get(shard);
    return w != null && w.alive() ? w : null;
  }

  public Collection<Integer> ownedShards() {
    return List.copyOf(writers.keySet());
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          ShardWriter w = writers.get(r.partition());
          if (w != null) {
            w.submitRemote(Records.command(r.value()), new TopicPartition(r.topic(), r.partition()), r.offset(),
                consumer.groupMetadata());
          }
        }
        replaceDeadWriters();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("registry membership failed; this instance writes no shard until restarted", e);
    } finally {
      releaseAll(List.copyOf(writers.keySet()));
      // leave the group: a static member that stays would keep its shards unwritable until its session times out
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(5)));
    }
  }

  private void replaceDeadWriters() {
    long now = System.currentTimeMillis();
    for (Map.Entry<Integer, ShardWriter> e : List.copyOf(writers.entrySet())) {
      int shard = e.getKey();
      if (!e.getValue().alive() && now >= restartAt.getOrDefault(shard, 0L)) {
        e.getValue().close();
        log.warn("shard {}: its writer died; instance {} starts a new one", shard, config.instanceId());
        startWriter(shard, true);
      }
    }
  }

  /**
   * Starts the shard's writer. A replacement then rewinds the shard's commands to their committed offset: the
   * ones its predecessor consumed without committing are handed to it again (its initTransactions has aborted
   * or completed the predecessor's transaction, so that offset is final).
   */
  private void startWriter(int shard, boolean rewind) {
    ShardWriter w = new ShardWriter(shard, config);
    writers.put(shard, w);
    try {
      w.start();
      if (rewind) {
        TopicPartition tp = new TopicPartition(config.topics().commands(), shard);
        OffsetAndMetadata committed = consumer.committed(Set.of(tp)).get(tp);
        if (committed == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, committed);
        }
      }
      restartAt.remove(shard);
    } catch (KafkaException e) {
      log.warn("shard {}: instance {} could not start its writer ({}); trying again in {} ms", shard,
          config.instanceId(), e.toString(), RESTART_BACKOFF_MS);
      w.close();
      restartAt.put(shard, System.currentTimeMillis() + RESTART_BACKOFF_MS);
    }
  }

  private void releaseAll(Collection<Integer> shards) {
    for (Integer s : shards) {
      ShardWriter w = writers.remove(s);
      restartAt.remove(s);
      if (w != null) {
        w.close();
      }
    }
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      releaseAll(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        startWriter(tp.partition(), false);
      }
      log.info("instance {} writes shards {}", config.instanceId(), writers.keySet());
      firstAssignment.countDown();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Properties props() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.topics().registryGroup());
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    // fetch.max.wait stays at its default: a fetch returns as soon as a record (or the commit marker that makes
    // it readable) arrives; the wait only paces idle polls, which at 20 ms cost the broker 50 fetches a second
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-registry");
    return p;
  }
}
