package dev.kplane.kubelet.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher against a real broker and API server: a bound pod and its ConfigMap reach a compacted node topic. */
class DispatcherIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path state;

  @Test
  void shouldFillTheNodeTopicFromTheApi() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String prefix = SharedKafka.uniquePrefix("dispatch");
    Topics topics = new Topics(prefix);
    try (var api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0))) {
      api.start();
      String base = "http://127.0.0.1:" + api.port();
      try (var dispatcher = new Dispatcher(new Dispatcher.Config(bootstrap, prefix, state))) {
        dispatcher.start();
        String cm = post(base, "/api/v1/namespaces/default/configmaps",
            "{\"metadata\":{\"name\":\"settings\"},\"data\":{\"k\":\"v\"}}");
        post(base, "/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"nodeName\":\"n1\","
            + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"envFrom\":[{\"configMapRef\":{\"name\":\"settings\"}}]}]}}");
        delete(base, "/api/v1/namespaces/default/pods/web?gracePeriodSeconds=0");

        List<ConsumerRecord<String, byte[]>> records = awaitRecords(bootstrap, topics.node("n1"), 4);
        assertEquals(List.of("configmaps/default/settings", "default/web", "default/web", "configmaps/default/settings"),
            records.stream().map(ConsumerRecord::key).toList());
        assertEquals(Json.parse(cm).path("metadata").path("resourceVersion").asText(),
            Json.parse(Records.objectEvent(records.get(0).value()).getObject()).path("metadata").path("resourceVersion").asText(),
            "the ConfigMap carries the resourceVersion the API gave it");
        assertNull(records.get(2).value());
        assertNull(records.get(3).value());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
          var resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.node("n1"));
          assertEquals("compact", admin.describeConfigs(Set.of(resource)).all().get().get(resource)
              .get("cleanup.policy").value());
          assertEquals(1, admin.describeTopics(Set.of(topics.node("n1"))).allTopicNames().get()
              .get(topics.node("n1")).partitions().size());
        }
      }
    }
  }

  /** Polls the node topic (read_committed) until it holds n records or 45 s pass. */
  static List<ConsumerRecord<String, byte[]>> awaitRecords(String bootstrap, String topic, int n) throws Exception {
    long deadline = System.nanoTime() + 45_000_000_000L;
    List<ConsumerRecord<String, byte[]>> records = List.of();
    while (System.nanoTime() < deadline) {
      try {
        records = TopicReader.readCommitted(bootstrap, topic);
      } catch (RuntimeException topicNotThereYet) {
        records = List.of();
      }
      if (records.size() >= n) {
        return records;
      }
      Thread.sleep(200);
    }
    return records;
  }

  static String post(String base, String path, String body) throws Exception {
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return r.body();
  }

  static void delete(String base, String path) throws Exception {
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
