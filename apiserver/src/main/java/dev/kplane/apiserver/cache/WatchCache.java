package dev.kplane.apiserver.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every resource topic this instance serves, read by one consumer (read_committed) into one
 * {@link ResourceCache} each. A consistent read asks Kafka where the topic ends and waits until the cache has
 * read that far, so it sees every write acknowledged before it began.
 */
public final class WatchCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

  private final String bootstrapServers;
  private final EndOffsets endOffsets;
  private final int ringCapacity;
  private final Map<String, ResourceCache> caches = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> toAdd = new ConcurrentLinkedQueue<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public WatchCache(String bootstrapServers, String clientId, int ringCapacity) {
    this.bootstrapServers = bootstrapServers;
    this.endOffsets = new EndOffsets(consumerProps(bootstrapServers, clientId + "-end"));
    this.ringCapacity = ringCapacity;
    this.consumer = new KafkaConsumer<>(consumerProps(bootstrapServers, clientId), new StringDeserializer(),
        new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "watch-cache");
    thread.setDaemon(true);
  }

  static Properties consumerProps(String bootstrapServers, String clientId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  public void start() {
    thread.start();
  }

  /** Starts caching a topic (from its beginning) and returns its cache. */
  public ResourceCache add(String topic) {
    ResourceCache c = caches.computeIfAbsent(topic, t -> {
      toAdd.add(t);
      consumer.wakeup();
      return new ResourceCache(t, ringCapacity);
    });
    return c;
  }

  /** Where the topic ends now (its high watermark): the resourceVersion a consistent read must reach. */
  public long endOffset(String topic, Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return endOffsets.endOffset(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the end of " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Waits until the cache of a topic holds every committed write: the consistent-read barrier. Returns the
   * cache, or throws TimeoutException when Kafka or the cache does not answer in time.
   */
  public ResourceCache awaitConsistent(String topic, Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ResourceCache cache = add(topic);
    long end = endOffset(topic, timeout);
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (!cache.awaitResourceVersion(end, Math.max(1, left))) {
      throw new TimeoutException("the watch cache of " + topic + " did not reach " + end + " in time");
    }
    return cache;
  }

  /** A consumer positioned to replay a topic from an offset, for watches older than the ring. */
  public KafkaConsumer<String, byte[]> replayConsumer(String clientId) {
    return new KafkaConsumer<>(consumerProps(bootstrapServers, clientId), new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private void run() {
    List<TopicPartition> assigned = new ArrayList<>();
    try {
      while (running) {
        if (!toAdd.isEmpty()) {
          List<TopicPartition> fresh = new ArrayList<>();
          for (String t; (t = toAdd.poll()) != null; ) {
            fresh.add(new TopicPartition(t, 0));
          }
          assigned.addAll(fresh);
          consumer.assign(assigned);
          consumer.seekToBeginning(fresh);
        }
        if (assigned.isEmpty()) {
          Thread.sleep(20);
          continue;
        }
        try {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            caches.get(r.topic()).apply(r);
          }
          for (TopicPartition tp : assigned) {
            caches.get(tp.topic()).advance(consumer.position(tp));
          }
        } catch (WakeupException e) {
          // a topic was added: assign it on the next turn
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("watch cache reader stopped: reads will time out until restart", e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    endOffsets.close();
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
