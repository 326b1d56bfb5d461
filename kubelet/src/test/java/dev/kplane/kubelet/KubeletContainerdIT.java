package dev.kplane.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.kubelet.api.ApiClient;
import dev.kplane.kubelet.cri.CriClient;
import dev.kplane.kubelet.runtime.CriRuntime;
import dev.kplane.kubelet.runtime.Labels;
import dev.kplane.kubelet.runtime.SandboxSpec;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ObjectEvents;
import dev.kplane.schemas.Topics;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet against the machine's real containerd: a pod with an init container, a busybox httpd with a
 * readiness probe, env from a ConfigMap and a Secret volume runs and becomes Ready; its log file exists; killing
 * its process restarts it; deleting the pod stops it within the grace period and removes its sandbox.
 */
class KubeletContainerdIT {
  static final String BUSYBOX = "docker.io/library/busybox:latest";
  static ApiServer api;
  static String bootstrap;
  static String prefix;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    LocalContainerd.ensureRunning();
    bootstrap = SharedKafka.bootstrapServers();
    prefix = SharedKafka.uniquePrefix("kubelet");
    api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void podRunsBecomesReadyRestartsAndIsDeletedGracefully() throws Exception {
    String node = "kl-it-" + UUID.randomUUID().toString().substring(0, 6);
    ApiClient client = new ApiClient("http://127.0.0.1:" + api.port(), "test");
    KubeletConfig config = KubeletConfig.defaults(bootstrap, prefix, node, "http://127.0.0.1:" + api.port())
        .withRootDir(dir.resolve("root")).withLogRoot(dir.resolve("logs"));
    Kubelet first = new Kubelet(config);
    try (NodeTopicWriter topic = new NodeTopicWriter(bootstrap, new Topics(prefix).node(node));
        CriRuntime cri = new CriRuntime(CriClient.connect(LocalContainerd.SOCKET))) {
      first.start();
      JsonNode registered = await(() -> client.get("/api/v1/nodes/" + node), r -> r.ok() && condition(r.body(), "Ready"));
      assertTrue(registered.path("status").path("nodeInfo").path("containerRuntimeVersion").asText().startsWith("containerd://"));
      assertTrue(client.get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node).ok());

      String ns = "default";
      JsonNode cm = create(client, "/api/v1/namespaces/" + ns + "/configmaps", Map.of("apiVersion", "v1", "kind", "ConfigMap",
          "metadata", Map.of("name", "settings-" + node), "data", Map.of("greeting", "hello-from-configmap")));
      JsonNode secret = create(client, "/api/v1/namespaces/" + ns + "/secrets", Map.of("apiVersion", "v1", "kind", "Secret",
          "metadata", Map.of("name", "creds-" + node), "stringData", Map.of("password", "s3cret")));
      topic.put("configmaps/" + ns + "/settings-" + node, cm);
      topic.put("secrets/" + ns + "/creds-" + node, secret);

      JsonNode pod = create(client, "/api/v1/namespaces/" + ns + "/pods", Json.parse(podJson(node)));
      String podPath = "/api/v1/namespaces/" + ns + "/pods/web-" + node;
      String uid = pod.path("metadata").path("uid").asText();
      topic.put(ns + "/web-" + node, pod);

      JsonNode running = await(() -> client.get(podPath), r -> r.ok() && condition(r.body(), "Ready"));
      assertEquals("Running", running.path("status").path("phase").asText());
      JsonNode web = running.path("status").path("containerStatuses").get(0);
      assertTrue(web.path("ready").asBoolean());
      assertEquals(0, running.path("status").path("initContainerStatuses").get(0).path("state").path("terminated")
          .path("exitCode").asInt(-1));
      String podIp = running.path("status").path("podIP").asText();
      assertTrue(podIp.startsWith("10.88."), "pod IP from the bridge network: " + podIp);
      assertEquals("Burstable", running.path("status").path("qosClass").asText());
      // Resources reach the container's cgroup (cgroup v1 here; skipped where the memory hierarchy is elsewhere).
      Path limit = Path.of("/sys/fs/cgroup/memory/kplane/pod" + uid,
          web.path("containerID").asText().substring("containerd://".length()), "memory.limit_in_bytes");
      if (Files.isDirectory(Path.of("/sys/fs/cgroup/memory/kplane"))) {
        assertEquals(64L << 20, Long.parseLong(Files.readString(limit).trim()));
      }

      // The init container wrote the ConfigMap value (env) and the Secret (volume) where httpd serves them.
      String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + podIp + ":8080/index.html"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertEquals("hello-from-configmap s3cret", page.trim());
      Path log = dir.resolve("logs").resolve(ns + "_web-" + node + "_" + uid).resolve("web/0.log");
      assertTrue(Files.exists(log), "container log " + log);

      String containerId = web.path("containerID").asText().substring("containerd://".length());
      long pid = LocalContainerd.pid(containerId);
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      JsonNode restarted = await(() -> client.get(podPath), r -> r.ok()
          && r.body().path("status").path("containerStatuses").get(0).path("restartCount").asInt() >= 1
          && condition(r.body(), "Ready"));
      JsonNode last = restarted.path("status").path("containerStatuses").get(0).path("lastState").path("terminated");
      assertEquals(137, last.path("exitCode").asInt(), "killed with SIGKILL: " + last);

      // kubectl logs goes through the kubelet's HTTP server, which finds the log file of the current container.
      String logs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port()
          + "/containerLogs/" + ns + "/web-" + node + "/web")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(logs.contains("serving"), "logs of the restarted container: " + logs);

      // A restarted kubelet adopts the running containers (same container, no restart) and removes an orphan.
      String restartedId = restarted.path("status").path("containerStatuses").get(0).path("containerID").asText();
      first.close();
      String orphan = cri.runSandbox(new SandboxSpec("orphan", ns, "orphan-" + node, 0, "", dir.resolve("logs/orphan").toString(),
          true, List.of(), Map.of(Labels.NODE, node, Labels.POD_UID, "orphan-" + node), Map.of(), "/kplane/podorphan-" + node,
          List.of(), List.of(), List.of()));
      try (Kubelet second = new Kubelet(config)) {
        second.start();
        await(() -> new ApiClient.Response(cri.sandboxes(Map.of(Labels.POD_UID, "orphan-" + node)).isEmpty() ? 200 : 404, null),
            ApiClient.Response::ok);
        JsonNode adopted = client.get(podPath).body();
        assertEquals(restartedId, adopted.path("status").path("containerStatuses").get(0).path("containerID").asText());
        assertEquals(1, adopted.path("status").path("containerStatuses").get(0).path("restartCount").asInt());
        assertTrue(condition(adopted, "Ready"));
        System.out.println("orphan sandbox " + orphan + " removed after the kubelet restart");

        Instant deleting = Instant.now();
        assertTrue(client.delete(podPath, Map.of()).ok());
        JsonNode terminating = client.get(podPath).body();
        assertTrue(terminating.path("metadata").has("deletionTimestamp"), "graceful deletion of a pod on a node");
        topic.put(ns + "/web-" + node, terminating);
        await(() -> client.get(podPath), r -> r.code() == 404);
        assertTrue(cri.sandboxes(Map.of(Labels.POD_UID, uid)).isEmpty(), "sandbox removed");
        assertTrue(cri.containers(Map.of(Labels.POD_UID, uid), false).isEmpty(), "containers removed");
        assertTrue(!Files.exists(Path.of("/sys/fs/cgroup/memory/kplane/pod" + uid)), "the pod's cgroup parent removed");
        // The final status the kubelet wrote before deleting: the container's SIGTERM trap ended it (exit 0), no
        // SIGKILL (137) after the 20 s grace period.
        JsonNode finalPod = finalObject(ns + "/web-" + node);
        JsonNode terminated = finalPod.path("status").path("containerStatuses").get(0).path("state").path("terminated");
        assertEquals(0, terminated.path("exitCode").asInt(-1), "stopped by SIGTERM within the grace period: " + terminated);
        System.out.println("deletion took " + Duration.between(deleting, Instant.now()).toMillis() + " ms");
      }
    } finally {
      first.close();
    }
  }

  static String podJson(String node) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-%1$s"},
         "spec":{"nodeName":"%1$s","terminationGracePeriodSeconds":20,
          "volumes":[{"name":"www","emptyDir":{}},{"name":"secret","secret":{"secretName":"creds-%1$s"}}],
          "initContainers":[{"name":"init","image":"%2$s",
            "command":["sh","-c","echo \\"$GREETING $(cat /secret/password)\\" > /www/index.html"],
            "env":[{"name":"GREETING","valueFrom":{"configMapKeyRef":{"name":"settings-%1$s","key":"greeting"}}}],
            "volumeMounts":[{"name":"www","mountPath":"/www"},{"name":"secret","mountPath":"/secret","readOnly":true}]}],
          "containers":[{"name":"web","image":"%2$s","command":["sh","-c","echo serving; trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"],
            "ports":[{"containerPort":8080}],
            "resources":{"limits":{"cpu":"200m","memory":"64Mi"}},
            "envFrom":[{"configMapRef":{"name":"settings-%1$s"}}],
            "readinessProbe":{"httpGet":{"path":"/index.html","port":8080},"periodSeconds":1},
            "volumeMounts":[{"name":"www","mountPath":"/www"}]}]}}
        """.formatted(node, BUSYBOX);
  }

  static JsonNode create(ApiClient client, String path, Object body) {
    ApiClient.Response r = client.post(path, body);
    assertTrue(r.ok(), path + ": " + r.code() + " " + r.body());
    return r.body();
  }

  static boolean condition(JsonNode obj, String type) {
    for (JsonNode c : obj.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  /** The object a pod's tombstone carries in the pods topic. */
  static JsonNode finalObject(String key) {
    String topic = new Topics(prefix).resource(BuiltinResources.find("", "pods").orElseThrow());
    ObjectNode last = null;
    for (var r : TopicReader.readCommitted(bootstrap, topic)) {
      if (key.equals(r.key()) && r.value() == null) {
        last = ObjectEvents.deleted(r.headers(), r.offset());
      }
    }
    assertTrue(last != null, "no tombstone for " + key);
    return last;
  }

  interface Call {
    ApiClient.Response get();
  }

  /** Polls until the answer matches (60 s deadline); returns its body. */
  static JsonNode await(Call call, Predicate<ApiClient.Response> done) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    ApiClient.Response r = null;
    while (Instant.now().isBefore(deadline)) {
      r = call.get();
      if (done.test(r)) {
        return r.body();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("condition not reached in 60 s; last answer " + (r == null ? null : r.code() + " " + r.body()));
  }
}
