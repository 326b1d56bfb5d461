package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.runtime.Container;
import dev.kplane.kubelet.runtime.ContainerRuntime;
import dev.kplane.kubelet.runtime.ContainerSpec;
import dev.kplane.kubelet.runtime.Sandbox;
import dev.kplane.kubelet.runtime.SandboxSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory runtime: containers run until the test ends them; a stop ends them with SIGTERM's 143. */
final class FakeRuntime implements ContainerRuntime {
  private final Clock clock;
  final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
  final Map<String, Map<String, String>> sandboxLabels = new LinkedHashMap<>();
  final Map<String, Container> containers = new LinkedHashMap<>();
  final Map<String, Map<String, String>> containerLabels = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  private int ids;

  FakeRuntime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public RuntimeVersion version() {
    return new RuntimeVersion("fake", "1");
  }

  @Override
  public synchronized List<Sandbox> sandboxes(Map<String, String> labels) {
    return sandboxes.values().stream().filter(s -> sandboxLabels.get(s.id()).entrySet().containsAll(labels.entrySet())).toList();
  }

  @Override
  public synchronized List<Container> containers(Map<String, String> labels, boolean withStatus) {
    return containers.values().stream().filter(c -> containerLabels.get(c.id()).entrySet().containsAll(labels.entrySet())).toList();
  }

  @Override
  public synchronized String runSandbox(SandboxSpec spec) {
    String id = "sandbox-" + ++ids;
    sandboxes.put(id, new Sandbox(id, spec.podUid(), spec.podNamespace(), spec.podName(), spec.attempt(), true, clock.instant()));
    sandboxLabels.put(id, spec.labels());
    calls.add("runSandbox " + spec.attempt());
    return id;
  }

  @Override
  public List<String> sandboxIps(String sandboxId) {
    return List.of("10.88.0.2");
  }

  @Override
  public synchronized void stopSandbox(String sandboxId) {
    Sandbox s = sandboxes.get(sandboxId);
    sandboxes.put(sandboxId, new Sandbox(s.id(), s.podUid(), s.podNamespace(), s.podName(), s.attempt(), false, s.createdAt()));
    calls.add("stopSandbox");
  }

  @Override
  public synchronized void removeSandbox(String sandboxId) {
    sandboxes.remove(sandboxId);
    calls.add("removeSandbox");
  }

  @Override
  public String ensureImage(String image) {
    return "sha256:fake";
  }

  @Override
  public synchronized String startContainer(String sandboxId, SandboxSpec sandbox, ContainerSpec spec) {
    String id = spec.name() + "-" + spec.attempt();
    containers.put(id, new Container(id, sandboxId, sandbox.podUid(), spec.name(), spec.attempt(), Container.State.RUNNING,
        clock.instant(), clock.instant(), null, 0, null, null, spec.image(), "sha256:fake"));
    containerLabels.put(id, spec.labels());
    calls.add("start " + id + " env=" + spec.env());
    return id;
  }

  /** The container's process ends with this code. */
  synchronized void exit(String id, int code) {
    Container c = containers.get(id);
    containers.put(id, new Container(c.id(), c.sandboxId(), c.podUid(), c.name(), c.attempt(), Container.State.EXITED,
        c.createdAt(), c.startedAt(), clock.instant(), code, code == 0 ? "Completed" : "Error", null, c.image(), c.imageRef()));
  }

  @Override
  public synchronized void stopContainer(String containerId, Duration timeout) {
    calls.add("stop " + containerId + " " + timeout.toSeconds() + "s");
    if (containers.get(containerId).running()) {
      exit(containerId, 143);
    }
  }

  @Override
  public synchronized void removeContainer(String containerId) {
    containers.remove(containerId);
    calls.add("remove " + containerId);
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Duration timeout) {
    return new ExecResult(0, "");
  }

  @Override
  public void close() {}
}
