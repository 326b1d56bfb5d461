package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.AuditEvent;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka door: requests produced to the requests topic run through the HTTP pipeline and are answered on replies. */
@ExtendWith(SharedKafka.class)
class RequestDoorIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  private static final String PRINCIPAL = "system:serviceaccount:kube-system:replicaset-controller";

  @Test
  void shouldRunRequestsInOrderAsTheirPrincipalAndReplyWithCodeAndBody() throws Exception {
    try (TestApi api = TestApi.start("door"); Client client = new Client(api.prefix)) {
      Request create = ApiRequests.create(CMS, Json.parse(TestApi.configMap("via-kafka", "a", "1")), PRINCIPAL);
      Request repeat = ApiRequests.create(CMS, Json.parse(TestApi.configMap("via-kafka", "a", "1")), PRINCIPAL);
      ObjectNode stale = (ObjectNode) Json.parse(TestApi.configMap("via-kafka", "a", "2"));
      ((ObjectNode) stale.get("metadata")).put("resourceVersion", "999999");
      Request conflict = ApiRequests.update(CMS + "/via-kafka", stale, PRINCIPAL);
      Request patch = ApiRequests.patch(CMS + "/via-kafka", ApiRequests.MERGE_PATCH, Json.parse("{\"data\":{\"a\":\"3\"}}"), PRINCIPAL);
      Request invalid = ApiRequests.create(CMS, Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}"), PRINCIPAL);
      Request missing = ApiRequests.delete(CMS + "/absent", null, PRINCIPAL);
      Request unknownVerb = ApiRequests.of("frobnicate", CMS, ApiRequests.JSON, null, PRINCIPAL);
      List<Request> sent = List.of(create, repeat, conflict, patch, invalid, missing, unknownVerb);
      sent.forEach(client::send);

      Map<String, Reply> replies = client.awaitReplies(sent);
      Reply created = replies.get(create.getRequestId());
      assertEquals(201, created.getCode());
      assertEquals(Outcome.APPLIED, created.getOutcome());
      assertTrue(created.getResourceVersion() > 0);
      assertEquals("via-kafka", Json.parse(created.getBody()).path("metadata").path("name").asText());
      assertEquals(Outcome.ALREADY_EXISTS, replies.get(repeat.getRequestId()).getOutcome());
      assertEquals(409, replies.get(conflict.getRequestId()).getCode());
      assertEquals(Outcome.CONFLICT, replies.get(conflict.getRequestId()).getOutcome());
      assertEquals(200, replies.get(patch.getRequestId()).getCode());
      assertEquals("3", Json.parse(replies.get(patch.getRequestId()).getBody()).path("data").path("a").asText());
      assertEquals(422, replies.get(invalid.getRequestId()).getCode());
      assertTrue(replies.get(invalid.getRequestId()).getMessage().contains("Bad_Name"));
      assertEquals(Outcome.NOT_FOUND, replies.get(missing.getRequestId()).getOutcome());
      assertEquals(400, replies.get(unknownVerb.getRequestId()).getCode());

      // the write is the requester's: the audit names the principal, managedFields the controller
      var cm = api.get(CMS + "/via-kafka").body();
      assertEquals("replicaset-controller", cm.path("metadata").path("managedFields").get(0).path("manager").asText());
      List<AuditEvent> audit = TopicReader.readCommitted(SharedKafka.bootstrapServers(), api.prefix + ".audit").stream()
          .filter(r -> r.key().equals("default/via-kafka")).map(r -> Records.auditEvent(r.value())).toList();
      assertTrue(audit.size() >= 2);
      audit.forEach(a -> assertEquals(PRINCIPAL, a.getPrincipal()));
    }
  }

  /** A producer of requests and a reader of the replies topic. */
  private static final class Client implements AutoCloseable {
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;

    Client(String prefix) {
      topics = new Topics(prefix);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
      producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
      Properties c = new Properties();
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-door-test");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of(topics.replies()));
    }

    void send(Request r) {
      producer.send(ApiRequests.record(topics, r));
    }

    Map<String, Reply> awaitReplies(List<Request> sent) {
      producer.flush();
      Map<String, Reply> out = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < sent.size() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (sent.stream().anyMatch(s -> s.getRequestId().equals(r.key()))) {
            out.put(r.key(), Records.reply(r.value()));
          }
        });
      }
      assertEquals(sent.size(), out.size(), "replies received");
      return out;
    }

    @Override
    public void close() {
      producer.close();
      consumer.close();
    }
  }
}
