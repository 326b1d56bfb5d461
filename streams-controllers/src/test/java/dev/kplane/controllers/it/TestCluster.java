package dev.kplane.controllers.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.controllers.ControllerManager;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.Dirs;
import dev.kplane.testkit.SharedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A real broker (shared), an API server in this JVM, controller managers, and an HTTP client that plays kubelet. */
final class TestCluster implements AutoCloseable {
  final String bootstrap;
  final String prefix;
  final ApiServer api;
  final String base;
  private final List<ControllerManager> managers = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TestCluster(String name) throws Exception {
    this(name, SharedKafka.bootstrapServers());
  }

  /** On the given Kafka instead of the shared broker. */
  TestCluster(String name, String bootstrap) throws Exception {
    this.bootstrap = bootstrap;
    prefix = SharedKafka.uniquePrefix(name);
    api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
    base = "http://127.0.0.1:" + api.port();
  }

  ControllerManager.Options options(String instance) throws IOException {
    return ControllerManager.Options.defaults(bootstrap, prefix, tempDir("controllers-" + instance))
        .withPartitions(4).withInstanceId(instance);
  }

  ControllerManager startControllers(String instance) throws Exception {
    ControllerManager m = new ControllerManager(options(instance));
    managers.add(m);
    m.start();
    await(Duration.ofSeconds(90), "controllers " + instance + " running", m::running);
    return m;
  }

  JsonNode send(String method, String path, String contentType, JsonNode body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(Json.write(body)));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode out = r.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.parse(r.body());
      if (r.statusCode() >= 400 && !(method.equals("GET") && r.statusCode() == 404)
          && !(path.endsWith("/status") && r.statusCode() == 409)) {
        throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode get(String path) {
    return send("GET", path, null, null);
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, "application/json", body);
  }

  JsonNode patch(String path, String type, JsonNode body) {
    return send("PATCH", path, type, body);
  }

  void namespace(String ns) throws InterruptedException {
    post("/api/v1/namespaces", Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}"));
    await(Duration.ofSeconds(10), "namespace " + ns, () -> get("/api/v1/namespaces/" + ns).path("kind").asText().equals("Namespace"));
  }

  List<JsonNode> pods(String ns) {
    List<JsonNode> out = new ArrayList<>();
    get("/api/v1/namespaces/" + ns + "/pods").path("items").forEach(out::add);
    return out;
  }

  List<JsonNode> replicaSets(String ns) {
    List<JsonNode> out = new ArrayList<>();
    get("/apis/apps/v1/namespaces/" + ns + "/replicasets").path("items").forEach(out::add);
    return out;
  }

  /** Plays kubelet for every pod not yet Ready: Running and Ready now. Returns how many it marked. */
  int markReady(String ns) {
    int n = 0;
    for (JsonNode pod : pods(ns)) {
      if (isReady(pod) || pod.path("metadata").has("deletionTimestamp")) {
        continue;
      }
      ObjectNode p = pod.deepCopy();
      ObjectNode status = p.putObject("status").put("phase", "Running");
      String now = Instant.now().toString();
      status.putArray("conditions").addObject().put("type", "Ready").put("status", "True").put("lastTransitionTime", now);
      status.put("startTime", now);
      send("PUT", "/api/v1/namespaces/" + ns + "/pods/" + pod.path("metadata").path("name").asText() + "/status",
          "application/json", p);
      n++;
    }
    return n;
  }

  static boolean isReady(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  /** Polls until the condition holds; fails after the deadline with the message. */
  static void await(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
    await(deadline, what, condition, () -> "");
  }

  /** As above, saying what the state was when the deadline passed. */
  static void await(Duration deadline, String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + " " + state.get());
      }
      Thread.sleep(100);
    }
  }

  /** kubectl v1.32 against this API server. */
  String kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--server", base));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** A temporary directory removed when this cluster closes. */
  Path tempDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    dirs.add(dir);
    return dir;
  }

  @Override
  public void close() {
    managers.forEach(ControllerManager::close);
    api.close();
    dirs.forEach(Dirs::delete);
  }

  static Path classpathJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
