package dev.kplane.proxy.watch;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ObjectEvents;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.Topics;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Services and EndpointSlices topics from the beginning into memory and reports the cluster view after
 * the first complete read and after every batch of changes. Every node reads everything, so this is a plain
 * consumer without a group (each proxy needs all partitions, never a share of them).
 */
public final class ServiceWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceWatcher.class);
  private static final ResourceType SERVICES = BuiltinResources.find("", "services").orElseThrow();
  private static final ResourceType SLICES = BuiltinResources.find("discovery.k8s.io", "endpointslices").orElseThrow();

  private final String servicesTopic;
  private final String slicesTopic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<ClusterView> onChange;
  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final Map<String, EndpointSlice> slices = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  public ServiceWatcher(String bootstrap, String prefix, String clientId, Consumer<ClusterView> onChange) {
    Topics topics = new Topics(prefix);
    this.servicesTopic = topics.resource(SERVICES);
    this.slicesTopic = topics.resource(SLICES);
    this.onChange = onChange;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    // A change must reach the forwarding within a second: do not let the broker hold a fetch for its 500 ms default.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, clientId + "-watch");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = assign();
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> initialEnd = consumer.endOffsets(partitions);
      boolean synced = false;
      while (!closed) {
        var records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : records) {
          apply(r);
        }
        if (!synced) {
          synced = partitions.stream().allMatch(tp -> consumer.position(tp) >= initialEnd.get(tp));
          if (synced) {
            LOG.info("read {} services and {} endpoint slices", services.size(), slices.size());
            onChange.accept(view());
          }
        } else if (!records.isEmpty()) {
          onChange.accept(view());
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("service watch failed", e);
    } finally {
      consumer.close();
    }
  }

  /** All partitions of both topics, waiting for the API server to have created them. */
  private List<TopicPartition> assign() {
    while (!closed) {
      List<TopicPartition> out = new ArrayList<>();
      Map<String, List<PartitionInfo>> found = new HashMap<>();
      for (String topic : List.of(servicesTopic, slicesTopic)) {
        found.put(topic, consumer.partitionsFor(topic, Duration.ofSeconds(5)));
      }
      if (found.values().stream().allMatch(l -> l != null && !l.isEmpty())) {
        found.values().forEach(l -> l.forEach(pi -> out.add(new TopicPartition(pi.topic(), pi.partition()))));
        consumer.assign(out);
        consumer.seekToBeginning(out);
        return out;
      }
      LOG.info("waiting for topics {} and {}", servicesTopic, slicesTopic);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return List.of();
      }
    }
    return List.of();
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    boolean isService = r.topic().equals(servicesTopic);
    if (r.value() == null) {
      (isService ? services : slices).remove(r.key());
      return;
    }
    try {
      var obj = ObjectEvents.object(r.value(), r.offset());
      if (isService) {
        services.put(r.key(), Json.MAPPER.treeToValue(obj, Service.class));
      } else {
        slices.put(r.key(), Json.MAPPER.treeToValue(obj, EndpointSlice.class));
      }
    } catch (Exception e) {
      LOG.warn("skipping unreadable record {} of {}: {}", r.key(), r.topic(), e.toString());
    }
  }

  public ClusterView view() {
    return new ClusterView(services.values(), slices.values());
  }

  @Override
  public void close() {
    closed = true;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
