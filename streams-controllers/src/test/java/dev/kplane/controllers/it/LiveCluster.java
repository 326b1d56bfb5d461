package dev.kplane.controllers.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.ControllerManager;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Topics;
import dev.kplane.testkit.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A real broker, an API server in this JVM (with its Kafka door) and the given controllers as one Streams
 * application, for integration tests; plus a small HTTP client.
 */
final class LiveCluster implements AutoCloseable {
  record Response(int code, JsonNode body) {}

  private final ApiServer api;
  private final KafkaStreams streams;
  private final String base;
  private final String bootstrap;
  private final Topics topics;
  private final java.nio.file.Path stateDir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  LiveCluster(String name, Controller... controllers) throws Exception {
    long t0 = System.nanoTime();
    String bootstrap = SharedKafka.bootstrapServers();
    long t1 = System.nanoTime();
    String prefix = SharedKafka.uniquePrefix(name);
    api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
    this.bootstrap = bootstrap;
    this.topics = new Topics(prefix);
    base = "http://127.0.0.1:" + api.port();
    long t2 = System.nanoTime();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "-controllers");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    stateDir = Files.createTempDirectory("controllers-it");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    streams = new KafkaStreams(ControllerManager.topology(new ControllerContext(new Topics(prefix), 2),
        List.of(controllers)), p);
    streams.start();
    await("controllers running", () -> streams.state() == KafkaStreams.State.RUNNING);
    System.out.printf("live cluster %s: broker %d ms, API server %d ms, controllers running %d ms%n", name,
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path, String body) {
    return send(json(path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response put(String path, String body) {
    return send(json(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response patch(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  Response delete(String path, String body) {
    return send(json(path).method("DELETE", body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A watch's lines (one JSON event each) from resourceVersion rv, read until done says so or the deadline. */
  List<JsonNode> watch(String path, String rv, Predicate<List<JsonNode>> done) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path + "?watch=true&timeoutSeconds=50&resourceVersion=" + rv))
        .GET().build();
    List<JsonNode> events = new java.util.ArrayList<>();
    var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    try (var lines = response.body()) {
      var it = lines.iterator();
      while (!done.test(events) && it.hasNext()) {
        events.add(Json.parse(it.next()));
      }
    }
    return events;
  }

  private HttpRequest.Builder json(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body().isEmpty() ? null : Json.parse(r.body()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The door's replies that were not a success (code and body), for a failing test's message. */
  String failedReplies() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    StringBuilder out = new StringBuilder();
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(p,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topics.replies()).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      for (int i = 0; i < 5; i++) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          var reply = dev.kplane.schemas.Records.reply(r.value());
          if (reply.getCode() >= 300) {
            out.append(reply.getCode()).append(' ').append(reply.getBody()).append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  /** Polls until the condition holds (deadline 45 s); fails with what. */
  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
    api.close();
    dev.kplane.testkit.Dirs.delete(stateDir);
  }
}
