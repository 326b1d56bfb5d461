package dev.kplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.kafka.EmbeddedKafka;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The controller-manager scaling a Deployment from 0 to N replicas: pods created per second and the time from the
 * scale request to each pod's creation (p50/p99), with 1 and 2 controller-manager processes; then, with 2, the time
 * for a task to move to the survivor when its owner is killed (SIGKILL) mid-scale, and a check that exactly N pods
 * were created. A broker and an API server run in this JVM, the controller managers as child processes.
 */
@Command(name = "controllers", mixinStandardHelpOptions = true,
    description = {"Deployment scale 0->N through the controllers: pods/s, p99 per pod, with 1 and 2 instances, and "
        + "failover time when the owning instance is killed; beside it the API's own pod-create pace (api_pods_per_s).",
        "Environment: KPLANE_CHILD_JAVA_OPTS = JVM options for the controller-manager processes "
        + "(e.g. -XX:StartFlightRecording=filename=/tmp/cm-{id}.jfr; {id} becomes the case and instance)."})
final class ControllersBench implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--replicas", defaultValue = "1000", description = "Replicas to scale to (default ${DEFAULT-VALUE})")
  int replicas;

  @Option(names = "--instances", split = ",", defaultValue = "1,2",
      description = "Controller-manager process counts to measure (default ${DEFAULT-VALUE})")
  List<Integer> instances;

  @Option(names = "--partitions", defaultValue = "4", description = "controllers.partitions (default ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--timeout", defaultValue = "300", description = "Seconds per case at most (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** The API door's parallelism (RequestDoor.PARALLELISM). */
  private static final int DOOR_CONCURRENCY = 32;

  @Option(names = "--warmup", defaultValue = "1000", description = "Pods a warm-up Deployment (namespace warmup) "
      + "scales to before each measured case, so the measured JVMs run compiled code (default ${DEFAULT-VALUE}; 0: none)")
  int warmup;

  @Option(names = "--no-failover", description = "Skip the failover case (kill the owning instance during a scale)")
  boolean noFailover;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Override
  public Integer call() throws Exception {
    System.out.printf("machine: %d cores, %d MiB max heap%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    Path dir = Files.createTempDirectory("kplane-bench-controllers");
    List<String> rates = new ArrayList<>();
    List<String> p99s = new ArrayList<>();
    List<String> apiRates = new ArrayList<>();
    double failover = Double.NaN;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka"))
        .config("group.initial.rebalance.delay.ms", "0").build()) {
      kafka.start();
      int run = 0;
      for (int n : instances) {
        Outcome o = scale(kafka.bootstrapServers(), dir, "bench" + (++run), n, false);
        Stats s = o.stats;
        System.out.println(s.line("controllers scale 0->" + replicas + " instances=" + n, n));
        apiRates.add(String.format("%.0f", o.apiPerSecond));
        rates.add(String.format("%.0f", s.perSecond()));
        p99s.add(String.format("%.0f", s.percentileMs(99)));
      }
      if (!noFailover) {
        Outcome f = scale(kafka.bootstrapServers(), dir, "bench" + (++run), 2, true);
        failover = f.failoverSeconds;
        System.out.printf("controllers failover: owner killed at %d pods, tasks moved in %.1f s, %d pods created "
            + "(expected %d)%n", f.podsAtKill, f.failoverSeconds, f.created, replicas);
        if (f.created != replicas) {
          System.out.println("controllers failover: WRONG pod count " + f.created);
        }
      }
    }
    System.out.printf("RESULT controllers instances=%s pods_per_s=%s p99_ms=%s failover_s=%.1f api_pods_per_s=%s%n",
        String.join(",", instances.stream().map(String::valueOf).toList()), String.join(",", rates),
        String.join(",", p99s), failover, String.join(",", apiRates));
    return 0;
  }

  private record Outcome(Stats stats, double failoverSeconds, int podsAtKill, int created, double apiPerSecond) {}

  private Outcome scale(String bootstrap, Path dir, String prefix, int n, boolean kill) throws Exception {
    ApiServer api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
    String base = "http://127.0.0.1:" + api.port();
    Map<String, Process> procs = new HashMap<>();
    try (KafkaConsumer<String, byte[]> pods = podsConsumer(bootstrap, prefix + ".core.pods")) {
      for (int i = 0; i < n; i++) {
        procs.put("c" + i, controllers(bootstrap, prefix, dir.resolve(prefix + "-c" + i), "c" + i));
      }
      createNamespace(base, "bench");
      awaitNamespace(base);
      createDeployment(base, "bench", "big", 0);
      String app = prefix + "-controllers";
      awaitReady(base, bootstrap, app, n);
      if (warmup > 0) {
        warmUp(base, pods);
      }
      double apiRate = kill ? Double.NaN : apiBaseline(base);
      long t0 = System.nanoTime();
      send(base, "PATCH", "/apis/apps/v1/namespaces/bench/deployments/big", "{\"spec\":{\"replicas\":" + replicas + "}}");
      long[] samples = new long[replicas * 2];
      Map<String, Boolean> seen = new HashMap<>();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      double failover = Double.NaN;
      int atKill = 0;
      long last = t0;
      long nextProgress = t0 + TimeUnit.MILLISECONDS.toNanos(500);
      while (seen.size() < replicas && System.nanoTime() < deadline) {
        if (System.nanoTime() >= nextProgress) {
          System.out.printf("controllers: %d of %d pods after %.1f s%n", seen.size(), replicas,
              (System.nanoTime() - t0) / 1e9);
          nextProgress += TimeUnit.MILLISECONDS.toNanos(500);
        }
        for (ConsumerRecord<String, byte[]> r : pods.poll(Duration.ofMillis(50))) {
          if (r.value() != null && r.key().startsWith("bench/") && seen.putIfAbsent(r.key(), true) == null) {
            last = System.nanoTime();
            if (seen.size() <= samples.length) {
              samples[seen.size() - 1] = last - t0;
            }
          }
        }
        if (kill && Double.isNaN(failover) && seen.size() >= replicas / 3) {
          atKill = seen.size();
          failover = killOwner(bootstrap, app, procs);
        }
      }
      // let anything in flight land, then count what was ever created
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < settle) {
        for (ConsumerRecord<String, byte[]> r : pods.poll(Duration.ofMillis(100))) {
          if (r.key().startsWith("bench/")) {
            seen.putIfAbsent(r.key(), true);
          }
        }
      }
      Stats s = Stats.of(samples, Math.min(seen.size(), samples.length), (last - t0) / 1e9, replicas - Math.min(replicas, seen.size()));
      return new Outcome(s, failover, atKill, seen.size(), apiRate);
    } finally {
      for (Process p : procs.values()) {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
        }
      }
      api.close();
    }
  }

  /**
   * The API's own pace on the same server: as many pods as the measured case, the same template, created over HTTP
   * by {@link #DOOR_CONCURRENCY} clients at once (as the API's Kafka door runs the controllers' requests), in
   * namespace baseline, which no controller owns.
   */
  private double apiBaseline(String base) throws Exception {
    createNamespace(base, "baseline");
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    Stats s = Load.run(DOOR_CONCURRENCY, replicas, timeoutSeconds, (w, i) -> {
      send(base, "POST", "/api/v1/namespaces/baseline/pods", ("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p-"
          + next.getAndIncrement() + "','labels':{'app':'baseline'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}")
          .replace('\'', '"'));
      return true;
    });
    System.out.println(s.line("controllers: API baseline, pod creates over HTTP", DOOR_CONCURRENCY));
    Thread.sleep(1000); // let the controllers see the baseline pods before the measured case starts
    return s.perSecond();
  }

  /** A Deployment in namespace warmup scaled 0 -> warmup, waited for, left in place: JIT warm-up of every process. */
  private void warmUp(String base, KafkaConsumer<String, byte[]> pods) throws Exception {
    long t0 = System.nanoTime();
    createNamespace(base, "warmup");
    createDeployment(base, "warmup", "warm", warmup);
    Map<String, Boolean> seen = new HashMap<>();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (seen.size() < warmup && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : pods.poll(Duration.ofMillis(50))) {
        if (r.value() != null && r.key().startsWith("warmup/")) {
          seen.putIfAbsent(r.key(), true);
        }
      }
    }
    // the controllers are done with it once the Deployment's status counts every pod
    while (System.nanoTime() < deadline && JSON.readTree(send(base, "GET", "/apis/apps/v1/namespaces/warmup/deployments/warm",
        null)).path("status").path("replicas").asInt() < warmup) {
      Thread.sleep(100);
    }
    System.out.printf("controllers: warm-up Deployment reached %d of %d pods in %.1f s%n", seen.size(), warmup,
        (System.nanoTime() - t0) / 1e9);
    Thread.sleep(1000);
  }

  /** Kills (SIGKILL) the instance whose consumer holds the namespace's ReplicaSet input partition; seconds until it moved. */
  private double killOwner(String bootstrap, String app, Map<String, Process> procs) throws Exception {
    int partition = Utils.toPositive(Utils.murmur2("bench".getBytes(StandardCharsets.UTF_8))) % partitions;
    TopicPartition tp = new TopicPartition(app + "-objects-repartition", partition);
    try (Admin admin = admin(bootstrap)) {
      String owner = owner(admin, app, tp);
      String victim = procs.keySet().stream().filter(id -> owner != null && owner.contains("-" + id + "-"))
          .findFirst().orElse(procs.keySet().iterator().next());
      long killed = System.nanoTime();
      procs.remove(victim).destroyForcibly().waitFor();
      while (true) {
        String now = owner(admin, app, tp);
        if (now != null && !now.contains("-" + victim + "-")) {
          return (System.nanoTime() - killed) / 1e9;
        }
        Thread.sleep(100);
      }
    }
  }

  private static String owner(Admin admin, String group, TopicPartition tp) throws Exception {
    for (MemberDescription m : admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
        .get(group).members()) {
      if (m.assignment().topicPartitions().contains(tp)) {
        return m.clientId();
      }
    }
    return null;
  }

  private void awaitNamespace(String base) throws Exception {
    while (true) {
      try {
        send(base, "GET", "/api/v1/namespaces/bench", null);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
  }

  /** Until the Deployment has its (empty) ReplicaSet and every instance is in the group. */
  private void awaitReady(String base, String bootstrap, String app, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try (Admin admin = admin(bootstrap)) {
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the controllers did not start within " + timeoutSeconds + " s");
        }
        JsonNode rss = JSON.readTree(send(base, "GET", "/apis/apps/v1/namespaces/bench/replicasets", null));
        int members;
        try {
          members = admin.describeConsumerGroups(List.of(app)).all().get(10, TimeUnit.SECONDS).get(app).members().size();
        } catch (Exception e) {
          members = 0;
        }
        if (rss.path("items").size() == 1 && members == n) {
          return;
        }
        Thread.sleep(200);
      }
    }
  }

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  private static KafkaConsumer<String, byte[]> podsConsumer(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    c.assign(List.of(new TopicPartition(topic, 0)));
    c.seekToBeginning(List.of(new TopicPartition(topic, 0)));
    return c;
  }

  private Process controllers(String bootstrap, String prefix, Path state, String id) throws IOException {
    Files.createDirectories(state);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m"));
    String childOpts = System.getenv("KPLANE_CHILD_JAVA_OPTS"); // e.g. a flight recording of each controller-manager
    if (childOpts != null && !childOpts.isBlank()) {
      cmd.addAll(List.of(childOpts.replace("{id}", prefix + "-" + id).trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.kplane.controllers.ControllerManager",
        "--kafka", bootstrap, "--prefix", prefix, "--partitions", String.valueOf(partitions),
        "--state-dir", state.toString(), "--instance-id", id, "--session-timeout-ms", "3000"));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(state.resolve("controllers.log").toFile()).start();
  }

  private void createNamespace(String base, String name) throws IOException, InterruptedException {
    send(base, "POST", "/api/v1/namespaces",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
  }

  /** A Deployment of busybox pods labelled app=name. */
  private void createDeployment(String base, String namespace, String name, int replicas)
      throws IOException, InterruptedException {
    send(base, "POST", "/apis/apps/v1/namespaces/" + namespace + "/deployments", ("{'apiVersion':'apps/v1',"
        + "'kind':'Deployment','metadata':{'name':'" + name + "'},'spec':{'replicas':" + replicas + ",'selector':{"
        + "'matchLabels':{'app':'" + name + "'}},'template':{'metadata':{'labels':{'app':'" + name + "'}},"
        + "'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}").replace('\'', '"'));
  }

  private String send(String base, String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
