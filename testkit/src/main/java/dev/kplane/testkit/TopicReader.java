package dev.kplane.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a single-partition topic to its end: the reference tests compare the API against. */
public final class TopicReader {
  private TopicReader() {}

  /**
   * The records committed readers see, including every transaction committed before this call: a producer's
   * commit returns before the broker has written its markers, so this first waits (up to 30 s) until the
   * committed end reaches the log's end as it is now.
   */
  public static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, "read_committed");
  }

  /** Every record in the log, whether its transaction has committed (or its marker been written) or not. */
  public static List<ConsumerRecord<String, byte[]>> readUncommitted(String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, "read_uncommitted");
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String isolation) {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic, String isolation) {
    try (var c = consumer(bootstrapServers, isolation)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      if (isolation.equals("read_committed")) {
        end = awaitCommittedEnd(c, tp, end, logEnd(bootstrapServers, tp));
      }
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static long logEnd(String bootstrapServers, TopicPartition tp) {
    try (var c = consumer(bootstrapServers, "read_uncommitted")) {
      return c.endOffsets(List.of(tp)).get(tp);
    }
  }

  /** The committed end once it has reached logEnd (transactions still open then may stop it short: 30 s at most). */
  private static long awaitCommittedEnd(KafkaConsumer<String, byte[]> c, TopicPartition tp, long end, long logEnd) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (end < logEnd && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return end;
      }
      end = c.endOffsets(List.of(tp)).get(tp);
    }
    return end;
  }
}
