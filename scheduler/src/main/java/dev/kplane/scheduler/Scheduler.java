package dev.kplane.scheduler;

import dev.kplane.scheduler.topology.Profiles;
import dev.kplane.scheduler.topology.SchedulerTopology;
import dev.kplane.schemas.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler process: the {@link SchedulerTopology} in a Kafka Streams application
 * ({@code <prefix>-scheduler}, exactly-once, so a decision's requests and the state that records it are
 * committed together and never emitted twice).
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final KafkaStreams streams;

  public Scheduler(SchedulerOptions options) {
    Profiles profiles = Profiles.load(options.configFile());
    StreamsBuilder builder = new StreamsBuilder();
    SchedulerTopology.build(builder, new Topics(options.prefix()), profiles);
    Topology topology = builder.build();
    this.streams = new KafkaStreams(topology, streamsConfig(options));
    log.info("scheduler {} with profiles {}{}", options.applicationId(), profiles.byName().keySet(),
        options.configFile() == null ? "" : " from " + options.configFile());
  }

  static Properties streamsConfig(SchedulerOptions options) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, options.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, options.stateDir().toString());
    // every decision waits for the commit before the API server sees it: keep that short, but each commit
    // blocks the thread for a produce flush and the transaction's end (tens of ms on a busy broker)
    dev.kplane.schemas.StreamsTuning.exactlyOnceLowLatency(p);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }

  public void start() {
    streams.setUncaughtExceptionHandler(e -> {
      log.error("the scheduler's stream thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> log.info("scheduler {} -> {}", before, now));
    streams.start();
  }

  /** True once the application runs (its task assigned and its stores restored). */
  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
  }
}
