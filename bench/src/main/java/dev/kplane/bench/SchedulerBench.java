package dev.kplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.kafka.EmbeddedKafka;
import dev.kplane.scheduler.Scheduler;
import dev.kplane.scheduler.SchedulerOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scheduler_perf's SchedulingBasic against kplane: N nodes (4 cpu, 32Gi, 110 pods; created through the API, no
 * kubelets), then M pods with small requests created through the API; the throughput from the first create to
 * the last bind and the create-to-bind latency, both as a pod watch observes them.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = "Scheduling throughput and latency (scheduler_perf SchedulingBasic): an embedded broker, API server "
        + "and scheduler in this JVM unless --kafka is given; one fresh cluster prefix per case.")
final class SchedulerBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--cases", split = ",", defaultValue = "500x1000,5000x10000",
      description = "nodes x pods per case (default ${DEFAULT-VALUE})")
  List<String> cases;

  @Option(names = "--kafka", description = "bootstrap servers of a running Kafka; default: an embedded broker")
  String kafka;

  @Option(names = "--concurrency", defaultValue = "32", description = "Concurrent creates (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for all binds (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--api-only", description = "Create the nodes and pods without a scheduler: the API's own pace")
  boolean apiOnly;

  @Option(names = "--direct", description = "Measure the scheduler alone instead: events straight into the topics, "
      + "bindings counted on the requests topic")
  boolean direct;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    System.out.printf("machine: %d cores, %d MiB max heap%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    Path dir = Files.createTempDirectory("kplane-bench-scheduler");
    EmbeddedKafka broker = null;
    try {
      String bootstrap = kafka;
      if (bootstrap == null) {
        broker = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).build();
        broker.start();
        bootstrap = broker.bootstrapServers();
      }
      int failed = 0;
      for (String c : cases) {
        String[] nm = c.split("x");
        int nodes = Integer.parseInt(nm[0].trim());
        int pods = Integer.parseInt(nm[1].trim());
        if (direct) {
          DirectScheduling.run(bootstrap, dir, nodes, pods, Duration.ofSeconds(timeoutSeconds));
        } else {
          failed += runCase(bootstrap, dir, nodes, pods) ? 0 : 1;
        }
      }
      return failed == 0 ? 0 : 1;
    } finally {
      if (broker != null) {
        broker.close();
      }
      deleteTree(dir);
    }
  }

  private boolean runCase(String bootstrap, Path dir, int nodes, int pods) throws Exception {
    String prefix = "bench-" + nodes + "-" + pods + "-" + System.nanoTime() % 100000;
    ApiServer api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
    Scheduler scheduler = apiOnly ? null : new Scheduler(SchedulerOptions.of(bootstrap, prefix, dir.resolve(prefix)));
    if (scheduler != null) {
      scheduler.start();
    }
    String base = "http://127.0.0.1:" + api.port();
    try {
      long t0 = System.nanoTime();
      AtomicInteger nodeIndex = new AtomicInteger();
      Stats nodeCreates = Load.run(concurrency, nodes - 1, 600,
          (w, i) -> post(base + "/api/v1/nodes", node(nodeIndex.getAndIncrement())));
      post(base + "/api/v1/nodes", node(nodes - 1));
      System.out.printf("scheduler nodes=%d created in %.1f s (%d errors)%n", nodes, (System.nanoTime() - t0) / 1e9,
          nodeCreates.errors());
      // the scheduler has read every node once it binds a pod that only the last-created node takes
      ObjectNode warmUp = pod("warm-up");
      warmUp.with("spec").putObject("nodeSelector").put("kubernetes.io/hostname", "node-" + (nodes - 1));
      post(base + "/api/v1/namespaces/default/pods", warmUp);
      Watch watch = new Watch(base + "/api/v1/namespaces/default/pods?watch=true&resourceVersion="
          + get(base + "/api/v1/namespaces/default/pods").path("metadata").path("resourceVersion").asText(), pods);
      watch.start();
      if (apiOnly) {
        Stats creates = Load.run(concurrency, pods, 600, (w, i) -> post(base + "/api/v1/namespaces/default/pods",
            pod("pod-" + System.nanoTime())));
        System.out.println(creates.line("api-only pod create", concurrency));
        watch.close();
        return true;
      }
      watch.awaitBound(1, "warm-up", Duration.ofSeconds(120));
      long[] created = new long[pods];
      AtomicLong firstCreate = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger podIndex = new AtomicInteger();
      Stats podCreates = Load.run(concurrency, pods, 600, (w, i) -> {
        int n = podIndex.getAndIncrement();
        long t = System.nanoTime();
        created[n] = t;
        firstCreate.accumulateAndGet(t, Math::min);
        return post(base + "/api/v1/namespaces/default/pods", pod("pod-" + n));
      });
      boolean all = watch.awaitBound(pods + 1, null, Duration.ofSeconds(timeoutSeconds));
      watch.close();
      long[] latencies = new long[pods];
      int bound = 0;
      long lastBind = 0;
      for (int i = 0; i < pods; i++) {
        Long b = watch.boundAt.get("pod-" + i);
        if (b != null) {
          latencies[bound++] = b - created[i];
          lastBind = Math.max(lastBind, b);
        }
      }
      Stats s = Stats.of(latencies, bound, (lastBind - firstCreate.get()) / 1e9, pods - bound);
      double podsPerSecond = bound / ((lastBind - firstCreate.get()) / 1e9);
      System.out.printf("scheduler nodes=%d pods=%d bound=%d create_errors=%d creates_per_s=%.0f p50_ms=%.1f%n",
          nodes, pods, bound, podCreates.errors(), podCreates.perSecond(), s.percentileMs(50));
      System.out.printf("RESULT scheduler nodes=%d pods=%d pods_per_s=%.0f p99_ms=%.0f%n", nodes, bound,
          podsPerSecond, s.percentileMs(99));
      return all;
    } finally {
      if (scheduler != null) {
        scheduler.close();
      }
      api.close();
    }
  }

  /** Records when each pod is first seen with spec.nodeName. */
  private final class Watch extends Thread implements AutoCloseable {
    final ConcurrentHashMap<String, Long> boundAt;
    private final String url;
    private volatile InputStream body;

    Watch(String url, int expected) {
      super("bench-watch");
      setDaemon(true);
      this.url = url;
      this.boundAt = new ConcurrentHashMap<>(expected * 2);
    }

    @Override
    public void run() {
      try {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        body = r.body();
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
          long now = System.nanoTime();
          JsonNode obj = JSON.readTree(line).path("object");
          if (!obj.path("spec").path("nodeName").asText("").isEmpty()) {
            boundAt.putIfAbsent(obj.path("metadata").path("name").asText(), now);
          }
        }
      } catch (Exception e) {
        if (body != null) {
          System.err.println("bench: the pod watch ended: " + e);
        }
      }
    }

    boolean awaitBound(int count, String name, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (name != null ? !boundAt.containsKey(name) : boundAt.size() < count) {
        if (System.nanoTime() > deadline) {
          System.err.printf("bench: %d of %d pods bound after %d s%n", boundAt.size(), count, timeout.toSeconds());
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }

    @Override
    public void close() throws Exception {
      InputStream b = body;
      body = null;
      if (b != null) {
        b.close();
      }
    }
  }

  private boolean post(String url, JsonNode body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).timeout(Duration.ofSeconds(60))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST " + url + " -> " + r.statusCode() + ": " + r.body());
    }
    return true;
  }

  private JsonNode get(String url) throws Exception {
    return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  /** scheduler_perf's node-default.yaml: 4 cpu, 32Gi, 110 pods. */
  static ObjectNode node(int i) {
    ObjectNode n = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    n.putObject("metadata").put("name", "node-" + i).putObject("labels").put("kubernetes.io/hostname", "node-" + i);
    ObjectNode status = n.putObject("status");
    status.putObject("capacity").put("cpu", "4").put("memory", "32Gi").put("pods", "110");
    status.putObject("allocatable").put("cpu", "4").put("memory", "32Gi").put("pods", "110");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    return n;
  }

  /** scheduler_perf's pod-default.yaml: one container requesting 100m cpu and 500Mi memory. */
  static ObjectNode pod(String name) {
    ObjectNode p = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    p.putObject("metadata").put("name", name);
    p.putObject("spec").putArray("containers").addObject().put("name", "pause").put("image", "registry.k8s.io/pause:3.10")
        .putObject("resources").putObject("requests").put("cpu", "100m").put("memory", "500Mi");
    return p;
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (Exception e) {
      // best effort
    }
  }
}
