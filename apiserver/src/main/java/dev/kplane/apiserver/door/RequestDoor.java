package dev.kplane.apiserver.door;

import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's Kafka door: consumes {@code <prefix>.requests} (in-cluster components producing from Kafka Streams
 * topologies), runs each request through the same pipeline as HTTP, and answers on {@code <prefix>.replies}.
 *
 * <p>The API server instances share the requests partitions through one consumer group. Requests with the same
 * key (the object) run one after another in the order they were produced; different objects run in parallel.
 * Offsets are committed after the replies of a whole poll are sent, so a crash repeats requests rather than
 * losing them: {@link dev.kplane.schemas.ApiRequests} asks producers for requests that are safe to repeat.
 */
public final class RequestDoor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RequestDoor.class);
  /** Objects worked on at once; each object's requests stay in order. */
  private static final int PARALLELISM = 32;

  private final StoreConfig config;
  private final RequestExecutor executor;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService workers;
  private final Thread thread;
  private volatile boolean running = true;

  public RequestDoor(StoreConfig config, RequestExecutor executor) {
    this.config = config;
    this.executor = executor;
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.topics().prefix() + "-requests");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-door");
    c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId() + "-door");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-door-replies");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    AtomicInteger n = new AtomicInteger();
    workers = Executors.newFixedThreadPool(PARALLELISM, r -> {
      Thread t = new Thread(r, "door-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    thread = new Thread(this::run, "request-door");
    thread.setDaemon(true);
  }

  public void start() {
    consumer.subscribe(List.of(config.topics().requests()));
    thread.start();
    log.info("serving API requests from topic {}", config.topics().requests());
  }

  private void run() {
    try {
      while (running) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
        if (batch.isEmpty()) {
          continue;
        }
        handle(batch);
        producer.flush();
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("the request door stopped; in-cluster components' requests wait for another API server instance "
          + "or a restart of this one", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Runs a poll's requests: each object's in order, objects in parallel; returns when all are answered. */
  private void handle(List<ConsumerRecord<String, byte[]>> batch) {
    Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : batch) {
      byKey.computeIfAbsent(r.topic() + "/" + r.partition() + "/" + r.key(), k -> new ArrayList<>()).add(r);
    }
    List<CompletableFuture<Void>> done = new ArrayList<>(byKey.size());
    for (List<ConsumerRecord<String, byte[]>> sameObject : byKey.values()) {
      done.add(CompletableFuture.runAsync(() -> sameObject.forEach(this::answer), workers));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
  }

  private void answer(ConsumerRecord<String, byte[]> record) {
    Request request;
    try {
      request = Records.request(record.value());
    } catch (RuntimeException e) {
      log.warn("skipping a record at {}-{}@{} that is not a Request: {}", record.topic(), record.partition(),
          record.offset(), e.toString());
      return;
    }
    Reply reply = executor.execute(request);
    Integer partition = request.getReplyPartition() >= 0 ? request.getReplyPartition() : null;
    producer.send(new ProducerRecord<>(config.topics().replies(), partition, request.getRequestId(),
        Records.bytes(reply)));
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
    workers.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
