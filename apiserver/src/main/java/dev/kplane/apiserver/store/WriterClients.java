package dev.kplane.apiserver.store;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of one shard writer. Every wait they can do is bounded well inside the API's 35 s write
 * timeout (Kafka's defaults block up to 60 s and retry a send for 120 s), so a broker that stops answering turns
 * into an error reply and a new writer instead of a request that hangs.
 */
final class WriterClients implements ShardWriter.Clients {
  /** Longest single wait on the broker: a request's answer, a commit, metadata, an offset lookup. */
  static final Duration BROKER_WAIT = Duration.ofSeconds(10);

  private final int shard;
  private final StoreConfig config;

  WriterClients(int shard, StoreConfig config) {
    this.shard = shard;
    this.config = config;
  }

  @Override
  public Producer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.topics().shardTransactionalId(shard));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BROKER_WAIT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_WAIT.toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BROKER_WAIT.toMillis() + 5_000);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-shard-" + shard + "-" + UUID.randomUUID());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<String, byte[]> loader() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_WAIT.toMillis());
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_WAIT.toMillis());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-shard-" + shard + "-index");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
