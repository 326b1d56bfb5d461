package dev.kplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kplane.kubelet.Kubelet;
import dev.kplane.kubelet.KubeletConfig;
import dev.kplane.kubelet.dispatch.Dispatcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pod start-up latency on real containerd: N pods bound to one kubelet are created at once; each one's latency
 * runs from just before its POST to the watch event that first shows it Running. The kubelet and the node
 * dispatcher run in this process against kplane (started with bin/kplane up unless --server/--kafka are given).
 */
@Command(name = "podstartup", mixinStandardHelpOptions = true,
    description = "Pod creation -> Running (seen by a watch) on real containerd, p50/p99. Needs root: starts "
        + "containerd with bin/setup-containerd if it is not running.")
final class PodStartupBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--server", description = "URL of a running kplane; default: start one with bin/kplane up")
  String server;

  @Option(names = "--kafka", description = "Kafka bootstrap servers of that kplane (with --server)")
  String kafka;

  @Option(names = "--prefix", defaultValue = "kplane", description = "Topic prefix of the cluster (default ${DEFAULT-VALUE})")
  String prefix;

  @Option(names = "--repo", defaultValue = ".", description = "kplane checkout (default ${DEFAULT-VALUE})")
  Path repo;

  @Option(names = "--pods", defaultValue = "30", description = "Pods to start (default ${DEFAULT-VALUE})")
  int pods;

  @Option(names = "--image", defaultValue = "docker.io/library/busybox:latest", description = "Image (default ${DEFAULT-VALUE})")
  String image;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    ensureContainerd();
    Path dir = Files.createTempDirectory("kplane-podstartup");
    try (StoreBench.Processes procs = new StoreBench().new Processes()) {
      String base = server;
      String bootstrap = kafka;
      if (base == null) {
        int kafkaPort = Ports.free();
        base = procs.startKplane(repo.toAbsolutePath(), kafkaPort);
        bootstrap = "127.0.0.1:" + kafkaPort;
      } else if (bootstrap == null) {
        throw new IllegalArgumentException("--server needs --kafka");
      }
      String node = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
      try (Dispatcher dispatcher = new Dispatcher(new Dispatcher.Config(bootstrap, prefix, dir.resolve("dispatcher")));
          Kubelet kubelet = new Kubelet(KubeletConfig.defaults(bootstrap, prefix, node, base)
              .withRootDir(dir.resolve("kubelet")).withLogRoot(dir.resolve("logs")))) {
        dispatcher.start();
        kubelet.start();
        awaitReady(base, node, dispatcher);
        String label = "bench=" + node;
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> running = new ConcurrentHashMap<>();
        CountDownLatch allRunning = new CountDownLatch(pods + 1);
        Thread watch = watch(base, label, created, running, allRunning);
        // One pod first, not measured: the first sandbox on a bridge network sets the bridge up (~3 s).
        created.put(node + "-warmup", System.nanoTime());
        post(base + "/api/v1/namespaces/default/pods", podJson(node + "-warmup", node));
        long warmupDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!running.containsKey(node + "-warmup") && System.nanoTime() < warmupDeadline) {
          Thread.sleep(100);
        }
        System.out.printf("warm-up pod running after %.0f ms%n",
            (running.getOrDefault(node + "-warmup", System.nanoTime()) - created.get(node + "-warmup")) / 1e6);
        long[] nanos = new long[pods];
        for (int i = 0; i < pods; i++) {
          String name = node + "-" + i;
          created.put(name, System.nanoTime());
          post(base + "/api/v1/namespaces/default/pods", podJson(name, node));
        }
        boolean done = allRunning.await(5, TimeUnit.MINUTES);
        // (the latch counted the warm-up pod too)
        watch.interrupt();
        int n = 0;
        for (var e : running.entrySet()) {
          if (!e.getKey().endsWith("-warmup")) {
            nanos[n++] = e.getValue() - created.get(e.getKey());
          }
        }
        Stats stats = Stats.of(nanos, n, 0, pods - n);
        System.out.printf("podstartup pods=%d running=%d%s p50_ms=%.0f p99_ms=%.0f max_ms=%.0f%n", pods, n,
            done ? "" : " (timed out)", stats.percentileMs(50), stats.percentileMs(99), stats.percentileMs(100));
        cleanUp(base, label);
        System.out.printf("RESULT podstartup p50_ms=%.0f p99_ms=%.0f%n", stats.percentileMs(50), stats.percentileMs(99));
        return done ? 0 : 1;
      }
    }
  }

  /** Waits until the dispatcher runs and the node is Ready, so the measure starts with a working node. */
  private void awaitReady(String base, String node, Dispatcher dispatcher) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/nodes/" + node)).build(),
          HttpResponse.BodyHandlers.ofString());
      boolean ready = false;
      if (r.statusCode() == 200) {
        for (JsonNode c : JSON.readTree(r.body()).path("status").path("conditions")) {
          ready |= "Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText());
        }
      }
      if (ready && dispatcher.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("node " + node + " or the dispatcher not ready within 2 minutes");
  }

  private void ensureContainerd() throws Exception {
    if (Files.exists(KubeletConfig.DEFAULT_CRI_SOCKET)) {
      return;
    }
    System.out.println("containerd is not running: bin/setup-containerd");
    int rc = new ProcessBuilder(repo.toAbsolutePath().resolve("bin/setup-containerd").toString()).inheritIO().start().waitFor();
    if (rc != 0) {
      throw new IllegalStateException("bin/setup-containerd failed");
    }
  }

  /** Watches the bench's pods and records when each is first seen Running. */
  private Thread watch(String base, String label, Map<String, Long> created, Map<String, Long> running, CountDownLatch latch) {
    CountDownLatch started = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/namespaces/default/pods?watch=true&labelSelector=" + label)).build(), HttpResponse.BodyHandlers.ofInputStream());
        started.countDown();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            JsonNode obj = JSON.readTree(line).path("object");
            String name = obj.path("metadata").path("name").asText();
            if ("Running".equals(obj.path("status").path("phase").asText()) && created.containsKey(name)
                && running.putIfAbsent(name, System.nanoTime()) == null) {
              latch.countDown();
            }
          }
        }
      } catch (Exception e) {
        started.countDown();
      }
    }, "podstartup-watch");
    t.setDaemon(true);
    t.start();
    try {
      started.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return t;
  }

  private void cleanUp(String base, String label) throws Exception {
    http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/pods?labelSelector=" + label))
        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/pods?labelSelector=" + label))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (JSON.readTree(r.body()).path("items").isEmpty()) {
        return;
      }
      Thread.sleep(500);
    }
    System.out.println("warning: bench pods still terminating after 120 s");
  }

  private void post(String url, String body) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST " + url + ": " + r.statusCode() + " " + r.body());
    }
  }

  private String podJson(String name, String node) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"bench":"%s"}},
         "spec":{"nodeName":"%s","terminationGracePeriodSeconds":1,
          "containers":[{"name":"c","image":"%s","command":["sleep","3600"]}]}}""".formatted(name, node, node, image);
  }
}
