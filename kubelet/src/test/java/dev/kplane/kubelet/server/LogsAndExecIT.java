package dev.kplane.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.cri.v1.ContainerConfig;
import dev.kplane.cri.v1.ContainerMetadata;
import dev.kplane.cri.v1.ContainerStatusRequest;
import dev.kplane.cri.v1.CreateContainerRequest;
import dev.kplane.cri.v1.ImageSpec;
import dev.kplane.cri.v1.PodSandboxConfig;
import dev.kplane.cri.v1.PodSandboxMetadata;
import dev.kplane.cri.v1.PullImageRequest;
import dev.kplane.cri.v1.RunPodSandboxRequest;
import dev.kplane.cri.v1.StartContainerRequest;
import dev.kplane.kubelet.cri.CriClient;
import dev.kplane.kubelet.cri.sim.SimulatedRuntime;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl logs and exec through a real API server to a KubeletServer over the simulated CRI runtime: the HTTP
 * and WebSocket requests kubectl 1.32 sends, then kubectl itself.
 */
class LogsAndExecIT {
  @TempDir static Path dir;
  static ApiServer api;
  static SimulatedRuntime runtime;
  static CriClient cri;
  static KubeletServer kubelet;
  static String base;
  static Path logFile;
  /** The log of container "live", which the follow test appends to. */
  static Path liveLog;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    api = new ApiServer(ApiServer.Config.defaults(
        StoreConfig.defaults(SharedKafka.bootstrapServers(), SharedKafka.uniquePrefix("logs"), "apiserver-0"), 0));
    api.start();
    base = "http://127.0.0.1:" + api.port();

    String name = "sim-" + UUID.randomUUID();
    runtime = SimulatedRuntime.serveInProcess(name, SimulatedRuntime.Config.defaults().withLogs(true));
    cri = CriClient.inProcess(name);
    cri.images().pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("busybox")).build());
    PodSandboxConfig sandbox = PodSandboxConfig.newBuilder().setMetadata(PodSandboxMetadata.newBuilder()
        .setName("web").setNamespace("default").setUid("u1")).setLogDirectory(dir.resolve("pods").toString()).build();
    String sandboxId = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandbox).build())
        .getPodSandboxId();
    String containerId = cri.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandboxId)
        .setSandboxConfig(sandbox).setConfig(ContainerConfig.newBuilder()
            .setMetadata(ContainerMetadata.newBuilder().setName("app")).setImage(ImageSpec.newBuilder().setImage("busybox"))
            .setLogPath("app/0.log")).build()).getContainerId();
    cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(containerId).build());
    logFile = Path.of(cri.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(containerId)
        .build()).getStatus().getLogPath());
    Files.writeString(logFile, "2026-01-01T00:00:02Z stdout F second line\n2026-01-01T00:00:03Z stderr F third line\n",
        StandardOpenOption.APPEND);

    liveLog = dir.resolve("live.log");
    Files.writeString(liveLog, "2026-01-01T00:00:01Z stdout F old line\n");
    kubelet = new KubeletServer(0, (ns, pod, container, previous) -> {
      if (!ns.equals("default") || !pod.equals("web")) {
        throw ContainerLocator.LocateException.podNotFound(pod);
      }
      if (container.equals("live")) {
        return new ContainerLocator.Located(containerId, liveLog);
      }
      if (!container.equals("app")) {
        throw ContainerLocator.LocateException.waiting(container, pod, "ContainerCreating");
      }
      return new ContainerLocator.Located(containerId, logFile);
    }, cri.runtime());
    kubelet.start();

    post("/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"status\":{"
        + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
        + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + kubelet.port() + "}}}}");
    post("/api/v1/namespaces/default/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},"
        + "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"},"
        + "{\"name\":\"side\",\"image\":\"busybox\"},{\"name\":\"live\",\"image\":\"busybox\"}]}}");
    post("/api/v1/namespaces/default/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"pending\"},"
        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"}]}}");
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (cri != null) {
      cri.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void shouldServeLogsAsKubectlAsksForThem() throws Exception {
    var all = get("/api/v1/namespaces/default/pods/web/log?container=app");
    assertEquals(200, all.statusCode());
    assertEquals("simulated container app started\nsecond line\nthird line\n", all.body());

    var tail = get("/api/v1/namespaces/default/pods/web/log?container=app&tailLines=1&timestamps=true");
    assertEquals("2026-01-01T00:00:03.000000000Z third line\n", tail.body());

    assertEquals("", get("/api/v1/namespaces/default/pods/pending/log").body(), "an unscheduled pod has no log yet");
  }

  @Test
  void shouldAnswerBadLogRequestsWithKubeStatuses() throws Exception {
    var noContainer = get("/api/v1/namespaces/default/pods/web/log");
    assertEquals(400, noContainer.statusCode());
    assertEquals("a container name must be specified for pod web, choose one of: [app side live]",
        Json.parse(noContainer.body()).path("message").asText());

    var invalid = get("/api/v1/namespaces/default/pods/web/log?container=app&tailLines=-1");
    assertEquals(422, invalid.statusCode());
    assertEquals("PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0",
        Json.parse(invalid.body()).path("message").asText());

    var waiting = get("/api/v1/namespaces/default/pods/web/log?container=side");
    assertEquals(400, waiting.statusCode());
    assertEquals("container \"side\" in pod \"web\" is waiting to start: ContainerCreating",
        Json.parse(waiting.body()).path("message").asText());
  }

  @Test
  void shouldFollowALogUntilTheClientLeaves() throws Exception {
    var response = HTTP.send(HttpRequest.newBuilder(URI.create(base
        + "/api/v1/namespaces/default/pods/web/log?container=live&follow=true&tailLines=0"))
        .timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (var in = response.body()) {
      Files.writeString(liveLog, "2026-01-01T00:00:04Z stdout F live line\n", StandardOpenOption.APPEND);
      byte[] expected = "live line\n".getBytes(StandardCharsets.UTF_8);
      // the request timeout covers the headers only: a body that never comes must fail the test, not hang it
      var read = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(in.readNBytes(expected.length), StandardCharsets.UTF_8);
        } catch (java.io.IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      });
      assertEquals("live line\n", read.get(20, TimeUnit.SECONDS));
    }
  }

  @Test
  void shouldExecOverTheV5WebSocketProtocol() throws Exception {
    Frames frames = new Frames();
    WebSocket ws = HTTP.newWebSocketBuilder().subprotocols("v5.channel.k8s.io")
        .buildAsync(URI.create(base.replace("http", "ws")
            + "/api/v1/namespaces/default/pods/web/exec?command=echo&command=hello&container=app&stdout=true&stderr=true"),
            frames).get(10, TimeUnit.SECONDS);
    assertEquals("v5.channel.k8s.io", ws.getSubprotocol());
    frames.closed.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("1:hello\n", "3:{\"metadata\":{},\"status\":\"Success\"}"), frames.received);
  }

  @Test
  void shouldRunRealKubectlLogsAndExec() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: k, cluster: {server: "%s"}}]
        users: [{name: u, user: {}}]
        contexts: [{name: k, context: {cluster: k, user: u, namespace: default}}]
        current-context: k
        """.formatted(base));
    assertEquals("second line\nthird line\n", kubectl(kubeconfig, "logs", "web", "-c", "app", "--tail=2"));
    assertEquals("hi there\n", kubectl(kubeconfig, "exec", "web", "-c", "app", "--", "echo", "hi", "there"));
  }

  static String kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "kubectl " + String.join(" ", args) + " printed: " + out);
    return out;
  }

  /** Collects channel frames as "channel:text". */
  static final class Frames implements WebSocket.Listener {
    final List<String> received = new ArrayList<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      partial.writeBytes(b);
      if (last) {
        byte[] all = partial.toByteArray();
        partial.reset();
        received.add((all[0] & 0xff) + ":" + new String(all, 1, all.length - 1, StandardCharsets.UTF_8));
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  static void post(String path, String body) throws Exception {
    var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
