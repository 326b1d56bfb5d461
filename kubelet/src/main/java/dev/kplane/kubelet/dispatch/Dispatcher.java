package dev.kplane.kubelet.dispatch;

import dev.kplane.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The dispatcher process: the {@link NodeDispatcher} topology as Kafka Streams application
 * {@code <prefix>-dispatcher}. One task (the resource topics have one partition); a second instance is a hot
 * standby.
 */
public final class Dispatcher implements AutoCloseable {
  /**
   * @param bootstrapServers Kafka
   * @param prefix the cluster prefix of every topic
   * @param stateDir where the Streams state (RocksDB) lives
   */
  public record Config(String bootstrapServers, String prefix, Path stateDir) {}

  private final Admin admin;
  private final KafkaStreams streams;

  public Dispatcher(Config config) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()));
    StreamsBuilder builder = new StreamsBuilder();
    NodeDispatcher.build(builder, new Topics(config.prefix()), new AdminNodeTopics(admin));
    this.streams = new KafkaStreams(builder.build(), properties(config));
  }

  static Properties properties(Config config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.prefix() + NodeDispatcher.APPLICATION_ID_SUFFIX);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    // The stores and the node topics must move together, else a replayed pod would not re-send its ConfigMaps.
    // A pod reaches its kubelet one commit after it is bound: keep the transaction short.
    dev.kplane.schemas.StreamsTuning.exactlyOnceLowLatency(p);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    return p;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(5));
  }
}
