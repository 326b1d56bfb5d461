package dev.kplane.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kplane.cri.v1.ContainerConfig;
import dev.kplane.cri.v1.ContainerMetadata;
import dev.kplane.cri.v1.ContainerStatusRequest;
import dev.kplane.cri.v1.CreateContainerRequest;
import dev.kplane.cri.v1.ImageSpec;
import dev.kplane.cri.v1.LinuxPodSandboxConfig;
import dev.kplane.cri.v1.LinuxSandboxSecurityContext;
import dev.kplane.cri.v1.NamespaceMode;
import dev.kplane.cri.v1.NamespaceOption;
import dev.kplane.cri.v1.PodSandboxConfig;
import dev.kplane.cri.v1.PodSandboxMetadata;
import dev.kplane.cri.v1.RemovePodSandboxRequest;
import dev.kplane.cri.v1.RunPodSandboxRequest;
import dev.kplane.cri.v1.StartContainerRequest;
import dev.kplane.cri.v1.StopPodSandboxRequest;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.kubelet.cri.CriClient;
import dev.kplane.testkit.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs and interactive exec through the KubeletServer against a REAL containerd (its CRI streaming server).
 * Runs against the containerd of bin/setup-containerd (bin/test starts it as root), or the one whose socket
 * -Dkplane.containerd.socket names; skipped where none runs.
 */
class ContainerdExecIT {
  @TempDir Path dir;

  /** kubectl exec -i and kubectl logs, through an API server whose node n1 is this kubelet. */
  void kubectlThroughTheApiServer(int kubeletPort) throws Exception {
    try (var api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(SharedKafka.bootstrapServers(),
        SharedKafka.uniquePrefix("containerd-exec"), "apiserver-0"), 0))) {
      api.start();
      String base = "http://127.0.0.1:" + api.port();
      LogsAndExecIT.base = base;
      LogsAndExecIT.post("/api/v1/nodes", "{\"metadata\":{\"name\":\"n1\"},\"status\":{"
          + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
          + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + kubeletPort + "}}}}");
      LogsAndExecIT.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"exec-it\"},"
          + "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters: [{name: k, cluster: {server: "%s"}}]
          users: [{name: u, user: {}}]
          contexts: [{name: k, context: {cluster: k, user: u, namespace: default}}]
          current-context: k
          """.formatted(base));
      assertEquals("started\n", LogsAndExecIT.kubectl(kubeconfig, "logs", "exec-it"));
      Process p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "exec", "-i", "exec-it", "--",
          "sh").redirectError(ProcessBuilder.Redirect.INHERIT).start();
      p.getOutputStream().write("echo interactive $((6*7)); exit 4\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals("interactive 42\n", out);
      assertEquals(4, p.exitValue(), "kubectl exits with the command's exit code");
    }
  }

  @Test
  void shouldRelayAnInteractiveShellAndServeTheLog() throws Exception {
    String socket = System.getProperty("kplane.containerd.socket", "/run/containerd/containerd.sock");
    assumeTrue(Files.exists(Path.of(socket)), "no containerd at " + socket + " (run bin/setup-containerd as root)");
    try (CriClient cri = CriClient.connect(Path.of(socket))) {
      String uid = UUID.randomUUID().toString();
      PodSandboxConfig sandbox = PodSandboxConfig.newBuilder()
          .setMetadata(PodSandboxMetadata.newBuilder().setName("exec-it").setNamespace("default").setUid(uid))
          .setLogDirectory(dir.toString())
          .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
              .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.NODE))))
          .build();
      String sandboxId = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandbox).build())
          .getPodSandboxId();
      try {
        String id = cri.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandboxId)
            .setSandboxConfig(sandbox).setConfig(ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("c"))
                .setImage(ImageSpec.newBuilder().setImage("docker.io/library/busybox:latest"))
                .addCommand("sh").addArgs("-c").addArgs("echo started; exec sleep 3600").setLogPath("c/0.log"))
            .build()).getContainerId();
        cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        Path log = Path.of(cri.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
            .getStatus().getLogPath());
        try (var kubelet = new KubeletServer(0, (ns, pod, c, prev) -> new ContainerLocator.Located(id, log),
            cri.runtime())) {
          kubelet.start();
          String base = "127.0.0.1:" + kubelet.port();
          HttpClient http = HttpClient.newHttpClient();

          String logs = "";
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (!logs.equals("started\n") && System.nanoTime() < deadline) {
            logs = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/containerLogs/default/exec-it/c"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
          }
          assertEquals("started\n", logs);

          LogsAndExecIT.Frames frames = new LogsAndExecIT.Frames();
          var ws = http.newWebSocketBuilder().subprotocols("v5.channel.k8s.io")
              .buildAsync(URI.create("ws://" + base + "/exec/default/exec-it/c?command=sh&input=1&output=1&error=1"),
                  frames).get(10, TimeUnit.SECONDS);
          assertEquals("v5.channel.k8s.io", ws.getSubprotocol());
          byte[] line = "echo hi from $(hostname -s >/dev/null; echo shell); exit 3\n".getBytes(StandardCharsets.UTF_8);
          ByteBuffer frame = ByteBuffer.allocate(line.length + 1).put((byte) 0).put(line).flip();
          ws.sendBinary(frame, true).get(10, TimeUnit.SECONDS);
          frames.closed.get(20, TimeUnit.SECONDS);
          assertTrue(frames.received.contains("1:hi from shell\n"), frames.received.toString());
          String status = frames.received.stream().filter(f -> f.startsWith("3:")).findFirst().orElseThrow();
          assertTrue(status.contains("\"reason\":\"NonZeroExitCode\"") && status.contains("\"message\":\"3\""), status);

          kubectlThroughTheApiServer(kubelet.port());
        }
      } finally {
        cri.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
        cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
      }
    }
  }
}
