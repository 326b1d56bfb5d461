package dev.kplane.apiserver.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "where does this topic end now?" for consistent reads: the high watermark, which covers every
 * acknowledged write. Not the last stable offset: a transaction's commit is acknowledged before its markers
 * are written, so right after an acknowledged write the LSO can still be below it. A read_committed reader
 * passes the high watermark only once every transaction below it is resolved, so waiting for it is enough.
 * Requests that arrive while a lookup is in flight wait for the next one, so every answer comes from a lookup
 * that began after its request did (linearizable), while one lookup serves every request queued behind it.
 */
final class EndOffsets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndOffsets.class);

  private record Ask(TopicPartition partition, CompletableFuture<Long> answer) {}

  private final LinkedBlockingQueue<Ask> asks = new LinkedBlockingQueue<>();
  /** Touched by the lookup thread only. */
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  EndOffsets(Properties consumerProps) {
    consumerProps.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "end-offsets");
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Long> endOffset(String topic) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    asks.add(new Ask(new TopicPartition(topic, 0), f));
    return f;
  }

  private void run() {
    List<Ask> batch = new ArrayList<>();
    try {
      while (running) {
        Ask first = asks.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        asks.drainTo(batch);
        Set<TopicPartition> partitions = new HashSet<>();
        batch.forEach(a -> partitions.add(a.partition()));
        if (!assigned.containsAll(partitions)) {
          // never polled: assigned only so that the client keeps the high watermarks it looks up (for a partition
          // not assigned it logs a warning at every lookup)
          assigned.addAll(partitions);
          consumer.assign(assigned);
        }
        try {
          Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
          batch.forEach(a -> a.answer().complete(ends.get(a.partition())));
        } catch (RuntimeException e) {
          batch.forEach(a -> a.answer().completeExceptionally(e));
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("end-offset lookups stopped; consistent reads will time out", e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
