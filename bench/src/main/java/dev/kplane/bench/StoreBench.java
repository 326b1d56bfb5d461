package dev.kplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Create and update latency and throughput through kplane's HTTP API, and put throughput of a real etcd with
 * the same value size and concurrency, in one run.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "kplane create/update latency and throughput over HTTP vs. etcd puts (jetcd), same value size "
        + "and concurrency. Starts kplane (bin/kplane up) and etcd (installing etcd-server with apt if missing) "
        + "unless --server is given.")
final class StoreBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--server", description = "URL of a running kplane; default: start one with bin/kplane up")
  String server;

  @Option(names = "--repo", defaultValue = ".", description = "kplane checkout (for bin/kplane) (default ${DEFAULT-VALUE})")
  Path repo;

  @Option(names = "--concurrency", split = ",", defaultValue = "1,16,64", description = "Concurrency levels (default ${DEFAULT-VALUE})")
  List<Integer> concurrency;

  @Option(names = "--ops", defaultValue = "3000", description = "Operations per case at most (default ${DEFAULT-VALUE})")
  int ops;

  @Option(names = "--duration", defaultValue = "15", description = "Seconds per case at most (default ${DEFAULT-VALUE})")
  double duration;

  @Option(names = "--value-size", defaultValue = "256", description = "Bytes of data per object (default ${DEFAULT-VALUE})")
  int valueSize;

  @Option(names = "--warm-up", defaultValue = "40", description = "Seconds of load before measuring (default ${DEFAULT-VALUE})")
  double warmUpSeconds;

  @Option(names = "--skip-etcd", description = "Measure kplane only")
  boolean skipEtcd;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final AtomicInteger printedErrors = new AtomicInteger();

  @Override
  public Integer call() throws Exception {
    System.out.printf("machine: %d cores, %d MiB max heap, %s %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.arch"));
    String value = "x".repeat(valueSize);
    Map<Integer, Stats> creates = new ConcurrentHashMap<>();
    try (Processes procs = new Processes()) {
      String base = server != null ? server : procs.startKplane(repo.toAbsolutePath());
      warmUp(base, value);
      for (int c : concurrency) {
        String run = "c" + c + "-" + System.nanoTime();
        Map<String, String> rvs = new ConcurrentHashMap<>();
        Stats create = Load.run(c, ops, duration, (w, i) -> create(base, run + "-" + w + "-" + i, value, rvs));
        creates.put(c, create);
        System.out.println(create.line("kplane create", c));
        java.util.Queue<String> created = new java.util.concurrent.ConcurrentLinkedQueue<>(rvs.keySet());
        Stats update = Load.run(c, created.size(), duration, (w, i) -> update(base, created.poll(), value, rvs));
        System.out.println(update.line("kplane update", c));
      }
      Map<Integer, Stats> puts = new ConcurrentHashMap<>();
      if (!skipEtcd) {
        String endpoint = procs.startEtcd();
        try (Client etcd = Client.builder().endpoints(endpoint).build()) {
          ByteSequence v = ByteSequence.from(value, StandardCharsets.UTF_8);
          Load.run(8, 500, duration, (w, i) -> put(etcd, "warm-" + w + "-" + i, v));
          for (int c : concurrency) {
            String run = "c" + c + "-" + System.nanoTime();
            Stats put = Load.run(c, ops, duration, (w, i) -> put(etcd, "/registry/configmaps/default/" + run + "-" + w + "-" + i, v));
            puts.put(c, put);
            System.out.println(put.line("etcd put", c));
          }
        }
      }
      int top = concurrency.stream().max(Integer::compare).orElseThrow();
      int mid = concurrency.contains(16) ? 16 : top;
      double kp = creates.get(top).perSecond();
      double et = puts.containsKey(top) ? puts.get(top).perSecond() : 0;
      System.out.printf("RESULT store creates_per_s=%.0f etcd_puts_per_s=%.0f ratio=%.2f p50_ms=%.2f p99_ms=%.2f%n",
          kp, et, et == 0 ? 0 : kp / et, creates.get(mid).percentileMs(50), creates.get(mid).percentileMs(99));
    }
    return 0;
  }

  /**
   * Creates and updates for up to --warm-up seconds before measuring: a fresh JVM spends much of its CPU in
   * the JIT compilers for the first minutes (the broker's and the API server's code share this process).
   */
  private void warmUp(String base, String value) throws InterruptedException {
    Map<String, String> rvs = new ConcurrentHashMap<>();
    String run = "warm-" + System.nanoTime();
    Stats c = Load.run(32, 20_000, warmUpSeconds / 2, (w, i) -> create(base, run + "-" + w + "-" + i, value, rvs));
    java.util.Queue<String> created = new java.util.concurrent.ConcurrentLinkedQueue<>(rvs.keySet());
    Stats u = Load.run(32, created.size(), warmUpSeconds / 2, (w, i) -> update(base, created.poll(), value, rvs));
    System.out.printf("warm-up: %d creates, %d updates%n", c.ops(), u.ops());
  }

  private boolean create(String base, String name, String value, Map<String, String> rvs) throws Exception {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"v\":\"" + value + "\"}}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/configmaps"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      return failed(r);
    }
    rvs.put(name, JSON.readTree(r.body()).path("metadata").path("resourceVersion").asText());
    return true;
  }

  private boolean update(String base, String name, String value, Map<String, String> rvs) throws Exception {
    String rv = rvs.get(name);
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"v\":\"u" + value + "\"}}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/configmaps/" + name))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 || failed(r);
  }

  private static boolean put(Client etcd, String key, ByteSequence value) throws Exception {
    etcd.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), value).get(30, TimeUnit.SECONDS);
    return true;
  }

  private boolean failed(HttpResponse<String> r) {
    if (printedErrors.incrementAndGet() <= 3) {
      System.err.println("bench: HTTP " + r.statusCode() + ": " + r.body());
    }
    return false;
  }

  /** The child processes of a run: kplane and etcd, stopped and cleaned up at the end. */
  final class Processes implements AutoCloseable {
    private final List<Process> running = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    String startKplane(Path repoRoot) throws Exception {
      return startKplane(repoRoot, Ports.free());
    }

    /** Starts bin/kplane up with its embedded Kafka on this port; returns the API's URL. */
    String startKplane(Path repoRoot, int kafka) throws Exception {
      Path dir = Files.createTempDirectory("kplane-bench");
      dirs.add(dir);
      int api = Ports.free();
      System.out.println("starting kplane: bin/kplane up --data-dir " + dir + " --api-port " + api);
      Process p = new ProcessBuilder(repoRoot.resolve("bin/kplane").toString(), "up", "--data-dir", dir.toString(),
          "--api-port", Integer.toString(api), "--kafka-port", Integer.toString(kafka))
          .redirectErrorStream(true).redirectOutput(dir.resolve("kplane.log").toFile()).start();
      running.add(p);
      String base = "http://127.0.0.1:" + api;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!ready(base)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("kplane did not start; see " + dir.resolve("kplane.log"));
        }
        Thread.sleep(250);
      }
      System.out.println("kplane ready at " + base);
      return base;
    }

    private boolean ready(String base) {
      try {
        var r = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }

    String startEtcd() throws Exception {
      if (!onPath("etcd")) {
        System.out.println("etcd not found: installing Debian's etcd-server (apt-get install -y etcd-server)");
        int rc = new ProcessBuilder("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server")
            .inheritIO().start().waitFor();
        if (rc != 0 || !onPath("etcd")) {
          throw new IllegalStateException("could not install etcd-server; install it by hand or use --skip-etcd");
        }
      }
      Path dir = Files.createTempDirectory("etcd-bench");
      dirs.add(dir);
      int client = Ports.free();
      int peer = Ports.free();
      String endpoint = "http://127.0.0.1:" + client;
      Process p = new ProcessBuilder("etcd", "--name", "bench", "--data-dir", dir.resolve("data").toString(),
          "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
          "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
          "--initial-cluster", "bench=http://127.0.0.1:" + peer)
          .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
      running.add(p);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          var r = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/health")).build(), HttpResponse.BodyHandlers.ofString());
          JsonNode h = JSON.readTree(r.body());
          if ("true".equals(h.path("health").asText())) {
            break;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("etcd did not start; see " + dir.resolve("etcd.log"));
        }
        Thread.sleep(200);
      }
      System.out.println("etcd ready at " + endpoint + " (" + version() + ")");
      return endpoint;
    }

    private String version() throws Exception {
      Process v = new ProcessBuilder("etcd", "--version").redirectErrorStream(true).start();
      String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      v.waitFor();
      return out.lines().findFirst().orElse("etcd");
    }

    private boolean onPath(String cmd) throws Exception {
      return new ProcessBuilder("bash", "-c", "command -v " + cmd).start().waitFor() == 0;
    }

    @Override
    public void close() throws Exception {
      for (Process p : running) {
        p.destroy();
      }
      for (Process p : running) {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      for (Path d : dirs) {
        try (var s = Files.walk(d)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }
}
