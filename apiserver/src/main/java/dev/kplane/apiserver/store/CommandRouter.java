package dev.kplane.apiserver.store;

import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Sends a command to its shard's writer: straight into the local writer when this instance owns the shard,
 * otherwise through the commands topic, waiting for the outcome on the replies topic.
 */
public final class CommandRouter implements AutoCloseable {
  private static final long REMOTE_TIMEOUT_MS = 30_000;

  private final StoreConfig config;
  private final ShardRegistry registry;
  private final ReplyListener replies;
  private final KafkaProducer<String, byte[]> producer;

  public CommandRouter(StoreConfig config, ShardRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.replies = new ReplyListener(config);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-commands");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** The shard that writes a resource topic. Stable across instances and restarts. */
  public int shardOf(String topic) {
    return Utils.toPositive(Utils.murmur2(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % config.shards();
  }

  public CompletableFuture<Reply> submit(Command command) {
    command.setReplyPartition(config.replyPartition());
    int shard = shardOf(command.getTopic());
    ShardWriter local = registry.localWriter(shard);
    if (local == null) {
      return remote(command, shard);
    }
    return local.submit(command)
        .thenCompose(r -> r.getOutcome() == Outcome.NOT_OWNER ? remote(command, shard) : CompletableFuture.completedFuture(r));
  }

  private CompletableFuture<Reply> remote(Command command, int shard) {
    CompletableFuture<Reply> reply = replies.expect(command.getRequestId());
    producer.send(new ProducerRecord<>(config.topics().commands(), shard, Integer.toString(shard), Records.bytes(command)),
        (md, e) -> {
          if (e != null) {
            reply.completeExceptionally(e);
          }
        });
    return reply.orTimeout(REMOTE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    producer.close();
    replies.close();
  }
}
