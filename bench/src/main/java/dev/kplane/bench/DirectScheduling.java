package dev.kplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.scheduler.Scheduler;
import dev.kplane.scheduler.SchedulerOptions;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scheduler's own pace, without the API server: node and pod events are produced straight into the resource
 * topics (as the API server would write them) and the binding requests the scheduler emits are counted on the
 * requests topic. What the full benchmark measures beyond this is the API server's write path.
 */
final class DirectScheduling {
  private DirectScheduling() {}

  static void run(String bootstrap, Path stateDir, int nodes, int pods, Duration timeout) throws Exception {
    String prefix = "direct-" + nodes + "-" + pods + "-" + System.nanoTime() % 100000;
    Topics topics = new Topics(prefix);
    String podsTopic = prefix + ".core.pods";
    String nodesTopic = prefix + ".core.nodes";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(podsTopic, 1, (short) 1), new NewTopic(nodesTopic, 1, (short) 1),
          new NewTopic(prefix + ".scheduling.k8s.io.priorityclasses", 1, (short) 1),
          new NewTopic(prefix + ".policy.poddisruptionbudgets", 1, (short) 1),
          new NewTopic(topics.replies(), 4, (short) 1), new NewTopic(topics.requests(), 4, (short) 1))).all().get();
    }
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
         KafkaConsumer<String, byte[]> requests = consumer(bootstrap, topics.requests());
         Scheduler scheduler = new Scheduler(SchedulerOptions.of(bootstrap, prefix, stateDir.resolve(prefix)))) {
      scheduler.start();
      for (int i = 0; i < nodes; i++) {
        producer.send(new ProducerRecord<>(nodesTopic, "node-" + i, event(SchedulerBench.node(i))));
      }
      producer.flush();
      // a pod only the last node takes: once it is bound the scheduler has read every node
      ObjectNode warmUp = withNamespace(SchedulerBench.pod("warm-up"));
      warmUp.with("spec").putObject("nodeSelector").put("kubernetes.io/hostname", "node-" + (nodes - 1));
      producer.send(new ProducerRecord<>(podsTopic, "default/warm-up", event(warmUp)));
      producer.flush();
      Map<String, Long> bindings = new HashMap<>();
      awaitBindings(requests, bindings, 1, Duration.ofSeconds(120));
      long[] created = new long[pods];
      long first = System.nanoTime();
      for (int i = 0; i < pods; i++) {
        created[i] = System.nanoTime();
        producer.send(new ProducerRecord<>(podsTopic, "default/pod-" + i, event(withNamespace(SchedulerBench.pod("pod-" + i)))));
      }
      producer.flush();
      awaitBindings(requests, bindings, pods + 1, timeout);
      long[] latencies = new long[pods];
      int n = 0;
      long last = 0;
      for (int i = 0; i < pods; i++) {
        Long t = bindings.get("pod-" + i);
        if (t != null) {
          latencies[n++] = t - created[i];
          last = Math.max(last, t);
        }
      }
      Stats s = Stats.of(latencies, n, (last - first) / 1e9, pods - n);
      System.out.printf("scheduler direct (no API server) nodes=%d pods=%d bound=%d pods_per_s=%.0f p50_ms=%.1f "
          + "p99_ms=%.1f%n", nodes, pods, n, n / s.seconds(), s.percentileMs(50), s.percentileMs(99));
    }
  }

  private static void awaitBindings(KafkaConsumer<String, byte[]> consumer, Map<String, Long> bindings, int count,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bindings.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
        long now = System.nanoTime();
        Request req = Records.request(r.value());
        if (req.getPath().endsWith("/binding")) {
          JsonNode body = Json.parse(req.getBody());
          bindings.putIfAbsent(body.path("metadata").path("name").asText(), now);
        }
      }
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-bench-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(topic));
    return c;
  }

  private static ObjectNode withNamespace(ObjectNode pod) {
    ((ObjectNode) pod.get("metadata")).put("namespace", "default").put("uid", UUID.randomUUID().toString())
        .put("creationTimestamp", Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
    ((ObjectNode) pod.get("spec")).put("schedulerName", "default-scheduler");
    return pod;
  }

  private static byte[] event(ObjectNode obj) {
    ((ObjectNode) obj.get("metadata")).put("uid", obj.path("metadata").path("uid").asText(UUID.randomUUID().toString()));
    return Records.bytes(ObjectEvent.newBuilder().setType(EventType.ADDED)
        .setUid(obj.path("metadata").path("uid").asText()).setPrincipal("bench").setRequestId("bench")
        .setTime(Instant.now()).setObject(Json.write(obj)).build());
  }
}
