package dev.kplane.apiserver.store;

import dev.kplane.schemas.Records;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** The writer's view of one resource topic: key → (resourceVersion, uid) of every live object. */
final class KeyIndex {
  record Entry(long resourceVersion, String uid) {}

  private final Map<String, Entry> live = new HashMap<>();

  Entry get(String key) {
    return live.get(key);
  }

  void put(String key, long resourceVersion, String uid) {
    live.put(key, new Entry(resourceVersion, uid));
  }

  void remove(String key) {
    live.remove(key);
  }

  int size() {
    return live.size();
  }

  /**
   * Reads a topic from its start to its last stable offset. Only the shard's writer, after it has fenced its
   * predecessors, calls this, so nothing can be written behind its back afterwards. Gives up with a
   * TimeoutException after timeout.
   */
  static KeyIndex load(Consumer<String, byte[]> consumer, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
    KeyIndex index = new KeyIndex();
    while (consumer.position(tp, timeout) < end) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("reading " + topic + " to offset " + end + " took longer than " + timeout);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.value() == null) {
          index.remove(r.key());
        } else {
          index.put(r.key(), r.offset() + 1, Records.objectEvent(r.value()).getUid());
        }
      }
    }
    return index;
  }
}
