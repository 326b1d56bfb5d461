package dev.kplane.kubelet.runtime;

import dev.kplane.cri.v1.ContainerConfig;
import dev.kplane.cri.v1.ContainerFilter;
import dev.kplane.cri.v1.ContainerMetadata;
import dev.kplane.cri.v1.ContainerStatusRequest;
import dev.kplane.cri.v1.CreateContainerRequest;
import dev.kplane.cri.v1.DNSConfig;
import dev.kplane.cri.v1.ExecSyncRequest;
import dev.kplane.cri.v1.ImageSpec;
import dev.kplane.cri.v1.ImageStatusRequest;
import dev.kplane.cri.v1.KeyValue;
import dev.kplane.cri.v1.LinuxContainerConfig;
import dev.kplane.cri.v1.LinuxContainerResources;
import dev.kplane.cri.v1.LinuxContainerSecurityContext;
import dev.kplane.cri.v1.LinuxPodSandboxConfig;
import dev.kplane.cri.v1.LinuxSandboxSecurityContext;
import dev.kplane.cri.v1.ListContainersRequest;
import dev.kplane.cri.v1.ListPodSandboxRequest;
import dev.kplane.cri.v1.Mount;
import dev.kplane.cri.v1.NamespaceMode;
import dev.kplane.cri.v1.NamespaceOption;
import dev.kplane.cri.v1.PodSandboxConfig;
import dev.kplane.cri.v1.PodSandboxFilter;
import dev.kplane.cri.v1.PodSandboxMetadata;
import dev.kplane.cri.v1.PodSandboxState;
import dev.kplane.cri.v1.PodSandboxStatusRequest;
import dev.kplane.cri.v1.PortMapping;
import dev.kplane.cri.v1.Protocol;
import dev.kplane.cri.v1.PullImageRequest;
import dev.kplane.cri.v1.RemoveContainerRequest;
import dev.kplane.cri.v1.RemovePodSandboxRequest;
import dev.kplane.cri.v1.RunPodSandboxRequest;
import dev.kplane.cri.v1.StartContainerRequest;
import dev.kplane.cri.v1.StopContainerRequest;
import dev.kplane.cri.v1.StopPodSandboxRequest;
import dev.kplane.cri.v1.VersionRequest;
import dev.kplane.kubelet.cri.CriClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link ContainerRuntime} over CRI runtime.v1 (containerd, or the simulated runtime). */
public final class CriRuntime implements ContainerRuntime {
  private static final long CALL_SECONDS = 120;
  private final CriClient cri;

  public CriRuntime(CriClient cri) {
    this.cri = cri;
  }

  private dev.kplane.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub rt() {
    return cri.runtime().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public RuntimeVersion version() {
    var v = rt().version(VersionRequest.newBuilder().setVersion("v1").build());
    return new RuntimeVersion(v.getRuntimeName(), v.getRuntimeVersion());
  }

  @Override
  public List<Sandbox> sandboxes(Map<String, String> labels) {
    var resp = rt().listPodSandbox(ListPodSandboxRequest.newBuilder()
        .setFilter(PodSandboxFilter.newBuilder().putAllLabelSelector(labels)).build());
    return resp.getItemsList().stream().map(s -> new Sandbox(s.getId(), s.getMetadata().getUid(),
        s.getMetadata().getNamespace(), s.getMetadata().getName(), s.getMetadata().getAttempt(),
        s.getState() == PodSandboxState.SANDBOX_READY, instant(s.getCreatedAt()))).toList();
  }

  @Override
  public List<Container> containers(Map<String, String> labels, boolean withStatus) {
    var resp = rt().listContainers(ListContainersRequest.newBuilder()
        .setFilter(ContainerFilter.newBuilder().putAllLabelSelector(labels)).build());
    List<Container> out = new ArrayList<>();
    for (var c : resp.getContainersList()) {
      String uid = c.getLabelsOrDefault(Labels.POD_UID, "");
      if (!withStatus) {
        out.add(new Container(c.getId(), c.getPodSandboxId(), uid, c.getMetadata().getName(), c.getMetadata().getAttempt(),
            state(c.getState()), instant(c.getCreatedAt()), null, null, 0, null, null, c.getImage().getImage(), c.getImageRef()));
        continue;
      }
      try {
        var s = rt().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(c.getId()).build()).getStatus();
        out.add(new Container(c.getId(), c.getPodSandboxId(), uid, s.getMetadata().getName(), s.getMetadata().getAttempt(),
            state(s.getState()), instant(s.getCreatedAt()), instant(s.getStartedAt()), instant(s.getFinishedAt()),
            s.getExitCode(), s.getReason(), s.getMessage(), s.getImage().getImage(), s.getImageRef()));
      } catch (StatusRuntimeException x) {
        if (x.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw x;
        }
      }
    }
    return out;
  }

  private static Container.State state(dev.kplane.cri.v1.ContainerState s) {
    return switch (s) {
      case CONTAINER_CREATED -> Container.State.CREATED;
      case CONTAINER_RUNNING -> Container.State.RUNNING;
      case CONTAINER_EXITED -> Container.State.EXITED;
      default -> Container.State.UNKNOWN;
    };
  }

  /** CRI times are nanoseconds since the epoch; 0 means unset. */
  private static Instant instant(long nanos) {
    return nanos <= 0 ? null : Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
  }

  @Override
  public String runSandbox(SandboxSpec spec) {
    return rt().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig(spec)).build()).getPodSandboxId();
  }

  static PodSandboxConfig sandboxConfig(SandboxSpec spec) {
    var b = PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(spec.podName()).setNamespace(spec.podNamespace())
            .setUid(spec.podUid()).setAttempt(spec.attempt()))
        // runc cannot set a hostname in the host's UTS namespace: host-network sandboxes get none (as kubelet does).
        .setHostname(spec.hostNetwork() ? "" : spec.hostname())
        .setLogDirectory(spec.logDirectory())
        .putAllLabels(spec.labels()).putAllAnnotations(spec.annotations())
        .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(spec.cgroupParent())
            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(namespaces(spec))));
    for (var p : spec.ports()) {
      b.addPortMappings(PortMapping.newBuilder().setProtocol(protocol(p.protocol())).setContainerPort(p.containerPort())
          .setHostPort(p.hostPort()).setHostIp(p.hostIp() == null ? "" : p.hostIp()));
    }
    if (!spec.dnsServers().isEmpty() || !spec.dnsSearches().isEmpty() || !spec.dnsOptions().isEmpty()) {
      b.setDnsConfig(DNSConfig.newBuilder().addAllServers(spec.dnsServers()).addAllSearches(spec.dnsSearches())
          .addAllOptions(spec.dnsOptions()));
    }
    return b.build();
  }

  private static NamespaceOption namespaces(SandboxSpec spec) {
    return NamespaceOption.newBuilder().setNetwork(spec.hostNetwork() ? NamespaceMode.NODE : NamespaceMode.POD)
        .setPid(NamespaceMode.CONTAINER).setIpc(NamespaceMode.POD).build();
  }

  private static Protocol protocol(String p) {
    return switch (p == null ? "TCP" : p) {
      case "UDP" -> Protocol.UDP;
      case "SCTP" -> Protocol.SCTP;
      default -> Protocol.TCP;
    };
  }

  @Override
  public List<String> sandboxIps(String sandboxId) {
    var net = rt().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build())
        .getStatus().getNetwork();
    List<String> ips = new ArrayList<>();
    if (!net.getIp().isEmpty()) {
      ips.add(net.getIp());
    }
    net.getAdditionalIpsList().forEach(ip -> ips.add(ip.getIp()));
    return ips;
  }

  @Override
  public void stopSandbox(String sandboxId) {
    ignoreNotFound(() -> rt().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
  }

  @Override
  public void removeSandbox(String sandboxId) {
    ignoreNotFound(() -> rt().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
  }

  @Override
  public String ensureImage(String image) {
    ImageSpec spec = ImageSpec.newBuilder().setImage(image).build();
    var images = cri.images().withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    var status = images.imageStatus(ImageStatusRequest.newBuilder().setImage(spec).build());
    if (status.hasImage() && !status.getImage().getId().isEmpty()) {
      return status.getImage().getId();
    }
    return images.pullImage(PullImageRequest.newBuilder().setImage(spec).build()).getImageRef();
  }

  @Override
  public String startContainer(String sandboxId, SandboxSpec sandbox, ContainerSpec spec) {
    String id = rt().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandboxId)
        .setConfig(containerConfig(spec, sandbox)).setSandboxConfig(sandboxConfig(sandbox)).build()).getContainerId();
    rt().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    return id;
  }

  static ContainerConfig containerConfig(ContainerSpec spec, SandboxSpec sandbox) {
    var r = spec.resources();
    var b = ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName(spec.name()).setAttempt(spec.attempt()))
        .setImage(ImageSpec.newBuilder().setImage(spec.image()))
        .addAllCommand(spec.command()).addAllArgs(spec.args())
        .setWorkingDir(spec.workingDir() == null ? "" : spec.workingDir())
        .setLogPath(spec.logPath()).putAllLabels(spec.labels()).putAllAnnotations(spec.annotations())
        .setTty(spec.tty()).setStdin(spec.stdin()).setStdinOnce(spec.stdinOnce())
        .setLinux(LinuxContainerConfig.newBuilder()
            .setResources(LinuxContainerResources.newBuilder().setCpuShares(r.cpuShares()).setCpuQuota(r.cpuQuota())
                .setCpuPeriod(r.cpuPeriod()).setMemoryLimitInBytes(r.memoryLimitBytes()).setOomScoreAdj(r.oomScoreAdj()))
            .setSecurityContext(LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(namespaces(sandbox))));
    spec.env().forEach((k, v) -> b.addEnvs(KeyValue.newBuilder().setKey(k).setValue(v)));
    for (var m : spec.mounts()) {
      b.addMounts(Mount.newBuilder().setContainerPath(m.containerPath()).setHostPath(m.hostPath()).setReadonly(m.readOnly()));
    }
    return b.build();
  }

  @Override
  public void stopContainer(String containerId, Duration timeout) {
    ignoreNotFound(() -> rt().stopContainer(StopContainerRequest.newBuilder().setContainerId(containerId)
        .setTimeout(Math.max(0, timeout.toSeconds())).build()));
  }

  @Override
  public void removeContainer(String containerId) {
    ignoreNotFound(() -> rt().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Duration timeout) {
    var resp = cri.runtime().withDeadlineAfter(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
        .execSync(ExecSyncRequest.newBuilder().setContainerId(containerId).addAllCmd(command)
            .setTimeout(timeout.toSeconds()).build());
    return new ExecResult(resp.getExitCode(),
        resp.getStdout().toString(StandardCharsets.UTF_8) + resp.getStderr().toString(StandardCharsets.UTF_8));
  }

  private static void ignoreNotFound(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException x) {
      if (x.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw x;
      }
    }
  }

  @Override
  public void close() {
    cri.close();
  }
}
