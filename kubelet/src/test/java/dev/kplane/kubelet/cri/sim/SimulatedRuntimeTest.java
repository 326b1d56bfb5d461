package dev.kplane.kubelet.cri.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.cri.v1.ContainerConfig;
import dev.kplane.cri.v1.ContainerFilter;
import dev.kplane.cri.v1.ContainerMetadata;
import dev.kplane.cri.v1.ContainerState;
import dev.kplane.cri.v1.ContainerStatusRequest;
import dev.kplane.cri.v1.CreateContainerRequest;
import dev.kplane.cri.v1.ExecSyncRequest;
import dev.kplane.cri.v1.ImageSpec;
import dev.kplane.cri.v1.ImageStatusRequest;
import dev.kplane.cri.v1.KeyValue;
import dev.kplane.cri.v1.LinuxPodSandboxConfig;
import dev.kplane.cri.v1.LinuxSandboxSecurityContext;
import dev.kplane.cri.v1.ListContainersRequest;
import dev.kplane.cri.v1.ListPodSandboxRequest;
import dev.kplane.cri.v1.NamespaceMode;
import dev.kplane.cri.v1.NamespaceOption;
import dev.kplane.cri.v1.PodSandboxConfig;
import dev.kplane.cri.v1.PodSandboxMetadata;
import dev.kplane.cri.v1.PodSandboxStatusRequest;
import dev.kplane.cri.v1.PullImageRequest;
import dev.kplane.cri.v1.RemoveContainerRequest;
import dev.kplane.cri.v1.RemovePodSandboxRequest;
import dev.kplane.cri.v1.RunPodSandboxRequest;
import dev.kplane.cri.v1.StartContainerRequest;
import dev.kplane.cri.v1.StatusRequest;
import dev.kplane.cri.v1.StopContainerRequest;
import dev.kplane.cri.v1.StopPodSandboxRequest;
import dev.kplane.cri.v1.VersionRequest;
import dev.kplane.kubelet.cri.CriClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedRuntimeTest {
  @TempDir Path dir;

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  }

  @Test
  void shouldAnswerOverAUnixSocket() {
    Path socket = dir.resolve("cri.sock");
    try (var runtime = SimulatedRuntime.serveUnix(socket, SimulatedRuntime.Config.defaults());
         var cri = CriClient.connect(socket)) {
      var v = cri.runtime().version(VersionRequest.newBuilder().setVersion("v1").build());
      assertEquals("kplane-simulated", v.getRuntimeName());
      assertEquals("v1", v.getRuntimeApiVersion());
      assertTrue(cri.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditions(0).getStatus());
    }
  }

  @Test
  void shouldRunAPodThroughItsLifecycle() {
    TestClock clock = new TestClock();
    String name = "sim-" + UUID.randomUUID();
    try (var runtime = SimulatedRuntime.serveInProcess(name, SimulatedRuntime.Config.defaults().withClock(clock));
         var cri = CriClient.inProcess(name)) {
      var image = ImageSpec.newBuilder().setImage("busybox").build();
      assertTrue(!cri.images().imageStatus(ImageStatusRequest.newBuilder().setImage(image).build()).hasImage());
      String ref = cri.images().pullImage(PullImageRequest.newBuilder().setImage(image).build()).getImageRef();
      assertEquals(List.of("docker.io/library/busybox:latest"), cri.images().imageStatus(ImageStatusRequest.newBuilder()
          .setImage(ImageSpec.newBuilder().setImage("docker.io/library/busybox:latest")).build()).getImage().getRepoTagsList());

      PodSandboxConfig sandboxConfig = sandbox("web", NamespaceMode.POD);
      String sandbox = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig).build())
          .getPodSandboxId();
      var sandboxStatus = cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandbox).build());
      assertEquals("10.88.0.2", sandboxStatus.getStatus().getNetwork().getIp());

      String c = create(cri, sandbox, sandboxConfig, "app", List.of());
      assertEquals(ContainerState.CONTAINER_CREATED, status(cri, c).getState());
      clock.now = clock.now.plusSeconds(1);
      cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(c).build());
      var running = status(cri, c);
      assertEquals(ContainerState.CONTAINER_RUNNING, running.getState());
      assertEquals(ref, running.getImageRef());
      assertEquals(1_767_225_601_000_000_000L, running.getStartedAt());

      var exec = cri.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(c).addCmd("echo").addCmd("hi").build());
      assertEquals("hi\n", exec.getStdout().toStringUtf8());

      cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(c).build());
      cri.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(c).build());
      var stopped = status(cri, c);
      assertEquals(ContainerState.CONTAINER_EXITED, stopped.getState());
      assertEquals("Completed", stopped.getReason());

      cri.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
      cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
      cri.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
      assertEquals(0, cri.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount());
      assertEquals(0, cri.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount());
      var x = assertThrows(StatusRuntimeException.class, () -> status(cri, c));
      assertEquals(Status.Code.NOT_FOUND, x.getStatus().getCode());

      String next = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig).build())
          .getPodSandboxId();
      assertEquals("10.88.0.2", cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
          .setPodSandboxId(next).build()).getStatus().getNetwork().getIp(), "a released IP is reused");
    }
  }

  @Test
  void shouldExitAfterTheRunTimeTheEnvAsksFor() {
    TestClock clock = new TestClock();
    String name = "sim-" + UUID.randomUUID();
    try (var runtime = SimulatedRuntime.serveInProcess(name, SimulatedRuntime.Config.defaults().withClock(clock));
         var cri = CriClient.inProcess(name)) {
      cri.images().pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("busybox")).build());
      PodSandboxConfig config = sandbox("job", NamespaceMode.POD);
      String sandbox = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
          .getPodSandboxId();
      String c = create(cri, sandbox, config, "work", List.of(kv(SimState.RUN_SECONDS_ENV, "2.5"), kv(SimState.EXIT_CODE_ENV, "3")));
      String other = create(cri, sandbox, config, "side", List.of());
      cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(c).build());
      cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(other).build());

      clock.now = clock.now.plusSeconds(2);
      assertEquals(ContainerState.CONTAINER_RUNNING, status(cri, c).getState());
      clock.now = clock.now.plusSeconds(1);
      var done = status(cri, c);
      assertEquals(ContainerState.CONTAINER_EXITED, done.getState());
      assertEquals(3, done.getExitCode());
      assertEquals("Error", done.getReason());
      assertEquals(done.getStartedAt() + 2_500_000_000L, done.getFinishedAt());

      runtime.exitContainer(other, 0);
      var listed = cri.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(ContainerFilter.newBuilder()
          .setPodSandboxId(sandbox)).build()).getContainersList();
      assertEquals(List.of(ContainerState.CONTAINER_EXITED, ContainerState.CONTAINER_EXITED),
          listed.stream().map(l -> l.getState()).toList());
      cri.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(c).build());
      cri.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(c).build());
    }
  }

  @Test
  void shouldRefuseAContainerWhoseImageWasNotPulled() {
    String name = "sim-" + UUID.randomUUID();
    try (var runtime = SimulatedRuntime.serveInProcess(name, SimulatedRuntime.Config.defaults());
         var cri = CriClient.inProcess(name)) {
      PodSandboxConfig config = sandbox("host", NamespaceMode.NODE);
      String sandbox = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
          .getPodSandboxId();
      assertEquals("", cri.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandbox)
          .build()).getStatus().getNetwork().getIp(), "host-network pods get no pod IP");
      var x = assertThrows(StatusRuntimeException.class, () -> create(cri, sandbox, config, "app", List.of()));
      assertEquals(Status.Code.NOT_FOUND, x.getStatus().getCode());
    }
  }

  @Test
  void shouldWriteACriLogLineAndDelayTheStart() throws Exception {
    String name = "sim-" + UUID.randomUUID();
    var config = SimulatedRuntime.Config.defaults().withLogs(true).withDelays(Duration.ZERO, Duration.ofMillis(200));
    try (var runtime = SimulatedRuntime.serveInProcess(name, config); var cri = CriClient.inProcess(name)) {
      cri.images().pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage("busybox")).build());
      PodSandboxConfig sandboxConfig = sandbox("logs", NamespaceMode.POD).toBuilder()
          .setLogDirectory(dir.resolve("pods/default_logs_uid").toString()).build();
      String sandbox = cri.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig).build())
          .getPodSandboxId();
      String c = create(cri, sandbox, sandboxConfig, "app", List.of());
      long t0 = System.nanoTime();
      cri.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(c).build());
      assertTrue(System.nanoTime() - t0 >= 200_000_000L, "StartContainer answers after the configured delay");
      Path log = Path.of(status(cri, c).getLogPath());
      assertEquals(dir.resolve("pods/default_logs_uid/app/0.log"), log);
      assertTrue(Files.readString(log).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z stdout F simulated container app started\\n"));
    }
  }

  static PodSandboxConfig sandbox(String name, NamespaceMode network) {
    return PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid("uid-" + name))
        .putLabels("io.kubernetes.pod.name", name)
        .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
            .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(network))))
        .build();
  }

  static String create(CriClient cri, String sandbox, PodSandboxConfig sandboxConfig, String name, List<KeyValue> env) {
    return cri.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandbox)
        .setSandboxConfig(sandboxConfig)
        .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
            .setImage(ImageSpec.newBuilder().setImage("busybox")).addAllEnvs(env).setLogPath(name + "/0.log"))
        .build()).getContainerId();
  }

  static dev.kplane.cri.v1.ContainerStatus status(CriClient cri, String id) {
    return cri.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }
}
