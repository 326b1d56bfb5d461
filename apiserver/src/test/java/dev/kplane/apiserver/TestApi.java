package dev.kplane.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An API server on the shared test broker with topics of its own, and a small HTTP client for it. */
final class TestApi implements AutoCloseable {
  record Response(int code, JsonNode body) {}

  final ApiServer server;
  final String prefix;
  final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private TestApi(ApiServer server, String prefix) {
    this.server = server;
    this.prefix = prefix;
    this.base = "http://127.0.0.1:" + server.port();
  }

  static StoreConfig storeConfig(String prefix, String instanceId) {
    return StoreConfig.defaults(SharedKafka.bootstrapServers(), prefix, instanceId);
  }

  static TestApi start(String prefix, String instanceId, int ringCapacity) throws InterruptedException {
    ApiServer.Config d = ApiServer.Config.defaults(storeConfig(prefix, instanceId), 0);
    ApiServer s = new ApiServer(new ApiServer.Config(d.store(), d.bindAddress(), 0, ringCapacity, Duration.ofSeconds(1), d.serviceNetwork()));
    s.start();
    return new TestApi(s, prefix);
  }

  /** Starts a server configured by the test (another Kafka, other settings). */
  static TestApi wrap(ApiServer s) throws InterruptedException {
    s.start();
    return new TestApi(s, "custom");
  }

  static TestApi start(String base) throws InterruptedException {
    return start(SharedKafka.uniquePrefix(base), "apiserver-0", 10_000);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response put(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response delete(String path, String body) {
    var b = HttpRequest.newBuilder(URI.create(base + path));
    return send(body == null ? b.DELETE()
        : b.header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpClient client() {
    return http;
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body().isEmpty() ? null : Json.parse(r.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String configMap(String name, String key, String value) {
    ObjectNode cm = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name);
    cm.putObject("data").put(key, value);
    return Json.write(cm);
  }

  @Override
  public void close() {
    server.close();
  }
}
