package dev.kplane.schemas;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings every kplane Kafka Streams application (controllers, scheduler, node dispatcher) shares: exactly-once,
 * and short hops. Under exactly-once a task's output is visible only once its thread commits, so each hop through a
 * Streams application costs a commit cycle; Streams' defaults (100 ms polls, 500 ms fetch waits, 100 ms retry
 * back-off) made each hop 100-600 ms where these make it tens of ms.
 */
public final class StreamsTuning {
  /** How often a thread commits (and so how long its output waits, at most, to become visible). */
  public static final int COMMIT_INTERVAL_MS = 50;

  private StreamsTuning() {}

  /** Adds the shared settings to an application's properties. */
  public static Properties exactlyOnceLowLatency(Properties p) {
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    // A thread commits between polls: a poll that blocks 100 ms for input holds back output that is already done.
    p.put(StreamsConfig.POLL_MS_CONFIG, 10L);
    // A fetch that waits for new records on the broker returns within this, so committed records are not held up.
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
    // Everything kplane computes is level-triggered: a task need not hold one input back to order it by timestamp
    // with another (max.task.idle.ms = -1: process what has arrived).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // The first send after a commit often meets CONCURRENT_TRANSACTIONS while the broker completes the last one;
    // the default 100 ms retry back-off then stalls every commit cycle.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
    // no kplane topology has global stores; without this Streams warns at every start that 5.0 will turn it on
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SmallRocksDb.class);
    return p;
  }
}
