package dev.kplane.apiserver.store;

import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads this instance's partition of the replies topic and completes the commands it sent to other shards. */
final class ReplyListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

  private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  ReplyListener(StoreConfig config) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // fetch.max.wait stays at its default: a fetch returns as soon as a record (or the commit marker that makes
    // it readable) arrives; the wait only paces idle polls, which at 20 ms cost the broker 50 fetches a second
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-replies");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    TopicPartition tp = new TopicPartition(config.topics().replies(), config.replyPartition());
    consumer.assign(List.of(tp));
    consumer.seekToEnd(List.of(tp));
    consumer.position(tp); // fix the position now: a reply to a command sent after this returns is not missed
    thread = new Thread(this::run, "reply-listener");
    thread.start();
  }

  /** Registers interest before the command is sent. */
  CompletableFuture<Reply> expect(String requestId) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    waiting.put(requestId, f);
    f.whenComplete((r, e) -> waiting.remove(requestId));
    return f;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          CompletableFuture<Reply> f = waiting.get(r.key());
          if (f != null) {
            f.complete(Records.reply(r.value()));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("reply listener stopped; commands sent to other instances will time out", e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
