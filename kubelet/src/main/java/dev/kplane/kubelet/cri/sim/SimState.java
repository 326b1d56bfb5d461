package dev.kplane.kubelet.cri.sim;

import com.google.protobuf.ByteString;
import dev.kplane.cri.v1.Container;
import dev.kplane.cri.v1.ContainerConfig;
import dev.kplane.cri.v1.ContainerFilter;
import dev.kplane.cri.v1.ContainerState;
import dev.kplane.cri.v1.ContainerStatus;
import dev.kplane.cri.v1.ExecSyncResponse;
import dev.kplane.cri.v1.KeyValue;
import dev.kplane.cri.v1.LinuxContainerResources;
import dev.kplane.cri.v1.PodSandbox;
import dev.kplane.cri.v1.PodSandboxConfig;
import dev.kplane.cri.v1.PodSandboxFilter;
import dev.kplane.cri.v1.PodSandboxState;
import dev.kplane.cri.v1.PodSandboxStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sandboxes and containers of one simulated runtime, in memory. Semantics follow the CRI contract as
 * containerd implements it: stop and remove are idempotent, removing a sandbox removes its containers, unknown
 * ids are NotFound, a created container needs its image pulled first.
 */
final class SimState {
  /** A container whose env sets this runs that many seconds, then exits by itself (a Job's pod, say). */
  static final String RUN_SECONDS_ENV = "KPLANE_SIM_RUN_SECONDS";
  /** The exit code of such a container; 0 when absent. */
  static final String EXIT_CODE_ENV = "KPLANE_SIM_EXIT_CODE";

  private final Clock clock;
  private final PodIpPool ips;
  private final boolean writeLogs;
  final SimImages images = new SimImages();
  private final Map<String, SimSandbox> sandboxes = new LinkedHashMap<>();
  private final Map<String, SimContainer> containers = new LinkedHashMap<>();

  SimState(Clock clock, String podCidr, boolean writeLogs) {
    this.clock = clock;
    this.ips = new PodIpPool(podCidr);
    this.writeLogs = writeLogs;
  }

  synchronized String runPodSandbox(PodSandboxConfig config, String runtimeHandler) {
    String id = newId();
    String ip = SimSandbox.hostNetwork(config) ? "" : ips.allocate();
    sandboxes.put(id, new SimSandbox(id, config, runtimeHandler, now(), ip));
    return id;
  }

  /** Stops the sandbox's containers and releases its IP, as containerd tears the network down on stop. */
  synchronized void stopPodSandbox(String id) {
    SimSandbox s = sandboxes.get(id);
    if (s == null) {
      return;
    }
    for (SimContainer c : containers.values()) {
      if (c.sandboxId.equals(id)) {
        stop(c);
      }
    }
    s.state = PodSandboxState.SANDBOX_NOTREADY;
    if (!s.ip.isEmpty()) {
      ips.release(s.ip);
      s.ip = "";
    }
  }

  synchronized void removePodSandbox(String id) {
    if (!sandboxes.containsKey(id)) {
      return;
    }
    stopPodSandbox(id);
    containers.values().removeIf(c -> c.sandboxId.equals(id));
    sandboxes.remove(id);
  }

  synchronized PodSandboxStatus podSandboxStatus(String id) {
    return sandbox(id).status();
  }

  /** The statuses of a sandbox's containers, as PodSandboxStatusResponse.containers_statuses carries them. */
  synchronized List<ContainerStatus> containerStatuses(String sandboxId) {
    List<ContainerStatus> out = new ArrayList<>();
    for (SimContainer c : containers.values()) {
      if (c.sandboxId.equals(sandboxId)) {
        c.advance(now());
        out.add(c.status());
      }
    }
    return out;
  }

  synchronized List<PodSandbox> listPodSandbox(PodSandboxFilter f) {
    List<PodSandbox> out = new ArrayList<>();
    for (SimSandbox s : sandboxes.values()) {
      if (s.id.startsWith(f.getId()) && (!f.hasState() || f.getState().getState() == s.state)
          && matches(f.getLabelSelectorMap(), s.config.getLabelsMap())) {
        out.add(s.toProto());
      }
    }
    return out;
  }

  synchronized String createContainer(String sandboxId, ContainerConfig config) {
    SimSandbox s = sandbox(sandboxId);
    if (s.state != PodSandboxState.SANDBOX_READY) {
      throw Status.UNKNOWN.withDescription("sandbox container \"" + sandboxId + "\" is not running").asRuntimeException();
    }
    String imageRef = images.resolve(config.getImage().getImage());
    if (imageRef == null) {
      throw Status.NOT_FOUND.withDescription("failed to get image \"" + config.getImage().getImage() + "\": not found")
          .asRuntimeException();
    }
    String logPath = config.getLogPath().isEmpty() || s.config.getLogDirectory().isEmpty() ? ""
        : Path.of(s.config.getLogDirectory(), config.getLogPath()).toString();
    String id = newId();
    containers.put(id, new SimContainer(id, sandboxId, config, imageRef, logPath, now()));
    return id;
  }

  synchronized void startContainer(String id) {
    SimContainer c = container(id);
    if (c.state != ContainerState.CONTAINER_CREATED) {
      throw Status.UNKNOWN.withDescription("container is in " + c.state + " state").asRuntimeException();
    }
    c.state = ContainerState.CONTAINER_RUNNING;
    c.startedAt = now();
    Map<String, String> env = env(c.config);
    if (env.containsKey(RUN_SECONDS_ENV)) {
      c.exitsAt = c.startedAt + (long) (Double.parseDouble(env.get(RUN_SECONDS_ENV)) * 1e9);
      c.exitCodeWhenDone = Integer.parseInt(env.getOrDefault(EXIT_CODE_ENV, "0"));
    }
    if (writeLogs && !c.logPath.isEmpty()) {
      appendLog(Path.of(c.logPath), clock.instant(), "simulated container " + c.config.getMetadata().getName() + " started");
    }
  }

  synchronized void stopContainer(String id) {
    stop(container(id));
  }

  /** Makes a running container exit now with this code, as if its process ended (for tests and benchmarks). */
  synchronized void exitContainer(String id, int exitCode) {
    SimContainer c = container(id);
    c.advance(now());
    if (c.state == ContainerState.CONTAINER_RUNNING) {
      c.exit(now(), exitCode);
    }
  }

  synchronized void removeContainer(String id) {
    containers.remove(id);
  }

  synchronized ContainerStatus containerStatus(String id) {
    SimContainer c = container(id);
    c.advance(now());
    return c.status();
  }

  synchronized List<Container> listContainers(ContainerFilter f) {
    List<Container> out = new ArrayList<>();
    for (SimContainer c : containers.values()) {
      c.advance(now());
      if (c.id.startsWith(f.getId()) && (!f.hasState() || f.getState().getState() == c.state)
          && (f.getPodSandboxId().isEmpty() || c.sandboxId.startsWith(f.getPodSandboxId()))
          && matches(f.getLabelSelectorMap(), c.config.getLabelsMap())) {
        out.add(c.toProto());
      }
    }
    return out;
  }

  synchronized void updateContainerResources(String id, LinuxContainerResources resources) {
    container(id).resources = resources;
  }

  /** Every command succeeds with no output, except {@code echo}, which prints its arguments (tests read them). */
  synchronized ExecSyncResponse execSync(String id, List<String> cmd) {
    SimContainer c = container(id);
    c.advance(now());
    if (c.state != ContainerState.CONTAINER_RUNNING) {
      throw Status.UNKNOWN.withDescription("container is in " + c.state + " state").asRuntimeException();
    }
    String out = !cmd.isEmpty() && cmd.get(0).equals("echo") ? String.join(" ", cmd.subList(1, cmd.size())) + "\n" : "";
    return ExecSyncResponse.newBuilder().setStdout(ByteString.copyFromUtf8(out)).setExitCode(0).build();
  }

  private void stop(SimContainer c) {
    c.advance(now());
    if (c.state != ContainerState.CONTAINER_EXITED) {
      c.exit(now(), 0);
    }
  }

  private SimSandbox sandbox(String id) {
    SimSandbox s = sandboxes.get(id);
    if (s == null) {
      throw notFound("sandbox", id);
    }
    return s;
  }

  private SimContainer container(String id) {
    SimContainer c = containers.get(id);
    if (c == null) {
      throw notFound("container", id);
    }
    return c;
  }

  private static StatusRuntimeException notFound(String what, String id) {
    return Status.NOT_FOUND.withDescription("an error occurred when try to find " + what + " \"" + id + "\": not found")
        .asRuntimeException();
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static Map<String, String> env(ContainerConfig config) {
    Map<String, String> env = new LinkedHashMap<>();
    for (KeyValue kv : config.getEnvsList()) {
      env.put(kv.getKey(), kv.getValue());
    }
    return env;
  }

  /** One line in the CRI log format the kubelet's log reader parses: time, stream, full-line tag, text. */
  static void appendLog(Path file, Instant at, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, DateTimeFormatter.ISO_INSTANT.format(at) + " stdout F " + text + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  long now() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** 64 hex digits, as containerd's ids. */
  private static String newId() {
    return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
  }
}
