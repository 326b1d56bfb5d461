package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.desired.DesiredState;
import dev.kplane.kubelet.probe.ProbeManager;
import dev.kplane.kubelet.runtime.Container;
import dev.kplane.kubelet.runtime.ContainerRuntime;
import dev.kplane.kubelet.runtime.Labels;
import dev.kplane.kubelet.runtime.PodRuntimeState;
import dev.kplane.kubelet.runtime.Sandbox;
import dev.kplane.kubelet.runtime.SandboxSpec;
import dev.kplane.kubelet.volume.PodVolumes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one pod (kubelet's SyncPod / SyncTerminatingPod): observe the runtime, act (sandbox, init
 * containers, containers, kills), report status. A pod being deleted is stopped within its grace period,
 * its sandbox removed and the pod object deleted; a pod gone from the node topic, or unknown (an orphan), is
 * stopped and its runtime objects and directory removed.
 */
public final class PodSync {
  private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
  /** The kubelet never gives a container less than this to stop (kuberuntime minimumGracePeriodInSeconds). */
  static final long MIN_GRACE_SECONDS = 2;

  private final NodeContext node;
  private final ContainerRuntime runtime;
  private final String runtimeName;
  private final DesiredState desired;
  private final PodVolumes volumes;
  private final ProbeManager probes;
  private final CrashBackoff backoff;
  private final PodStatusSink status;
  private final ExecutorService pool;
  private final Clock clock;
  private final BiConsumer<String, Duration> requeue;

  /** @param requeue syncs the pod again after a delay (when a crash back-off ends) */
  public PodSync(NodeContext node, ContainerRuntime runtime, String runtimeName, DesiredState desired, PodVolumes volumes,
      ProbeManager probes, CrashBackoff backoff, PodStatusSink status, ExecutorService pool, Clock clock,
      BiConsumer<String, Duration> requeue) {
    this.node = node;
    this.runtime = runtime;
    this.runtimeName = runtimeName;
    this.desired = desired;
    this.volumes = volumes;
    this.probes = probes;
    this.backoff = backoff;
    this.status = status;
    this.pool = pool;
    this.clock = clock;
    this.requeue = requeue;
  }

  public void sync(String uid) {
    Optional<Pod> wanted = desired.pod(uid);
    if (wanted.isEmpty()) {
      Optional<Pod> last = desired.removedPod(uid);
      removeAll(uid, observe(uid), last.map(PodSync::deletionGrace).orElse(MIN_GRACE_SECONDS), last.orElse(null));
      return;
    }
    Pod pod = withLastStatus(wanted.get());
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(pod);
      return;
    }
    PodRuntimeState state = observe(uid);
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      stopSandboxes(state);
      report(pod, observe(uid), Map.of());
      return;
    }
    Instant now = clock.instant();
    PodActions a = PodActions.compute(pod, state, probes::result, backoff, now);
    Map<String, PodActions.Waiting> waiting = new LinkedHashMap<>(a.waiting());
    requeueAfterBackoff(pod, state, a.waiting().keySet(), now);
    if (a.podFailed() || (a.killPod() && !a.createSandbox())) {
      killContainers(pod, state, graceOf(pod));
      stopSandboxes(state);
    } else {
      act(pod, state, a, waiting, now);
    }
    PodStatus s = report(pod, observe(uid), waiting);
    if ("Succeeded".equals(s.getPhase()) || "Failed".equals(s.getPhase())) {
      stopSandboxes(observe(uid));
    }
  }

  /** Containers waiting in CrashLoopBackOff are retried when their back-off ends, not at the next resync. */
  private void requeueAfterBackoff(Pod pod, PodRuntimeState state, Iterable<String> waiting, Instant now) {
    for (String name : waiting) {
      state.latest(name).filter(c -> c.finishedAt() != null).ifPresent(c -> {
        Duration left = backoff.get(PodActions.backoffKey(pod, name)).minus(Duration.between(c.finishedAt(), now));
        requeue.accept(pod.getMetadata().getUid(), left.isNegative() ? Duration.ZERO : left.plusMillis(100));
      });
    }
  }

  private void act(Pod pod, PodRuntimeState state, PodActions a, Map<String, PodActions.Waiting> waiting, Instant now) {
    a.containersToKill().forEach((id, why) -> {
      LOG.info("pod {}: {}", name(pod), why);
      stopContainer(pod, id, graceOf(pod));
    });
    Sandbox sandbox;
    if (a.createSandbox()) {
      killContainers(pod, state, graceOf(pod));
      stopSandboxes(state);
      Optional<Sandbox> created = createSandbox(pod, a.sandboxAttempt(), waiting);
      if (created.isEmpty()) {
        return;
      }
      sandbox = created.get();
    } else {
      sandbox = state.latestSandbox().orElseThrow();
    }
    SandboxSpec sandboxSpec = RuntimeSpecs.sandbox(pod, node, sandbox.attempt());
    EnvResolver.PodContext ctx = podContext(pod, sandbox);
    Map<String, Path> volumePaths;
    try {
      volumePaths = volumes.setUp(pod, ctx, desired);
    } catch (ContainerConfigException x) {
      LOG.info("pod {}: volumes not ready: {}", name(pod), x.getMessage());
      return;
    }
    List<String> toStart = new ArrayList<>(a.containersToStart());
    if (a.initToStart() != null) {
      toStart.add(0, a.initToStart());
    }
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (String name : toStart) {
      var spec = specOf(pod, name);
      Optional<Container> previous = state.latest(name);
      if (a.initToStart() != null && name.equals(a.initToStart())) {
        startContainer(pod, sandbox, sandboxSpec, spec, previous, ctx, volumePaths, waiting, now);
      } else {
        starts.add(CompletableFuture.runAsync(() ->
            startContainer(pod, sandbox, sandboxSpec, spec, previous, ctx, volumePaths, waiting, now), pool));
      }
    }
    starts.forEach(CompletableFuture::join);
    removeOldContainers(observe(pod.getMetadata().getUid()));
  }

  private Optional<Sandbox> createSandbox(Pod pod, int attempt, Map<String, PodActions.Waiting> waiting) {
    SandboxSpec spec = RuntimeSpecs.sandbox(pod, node, attempt);
    try {
      Files.createDirectories(Path.of(spec.logDirectory()));
      String id = runtime.runSandbox(spec);
      return runtime.sandboxes(Map.of(Labels.POD_UID, pod.getMetadata().getUid())).stream()
          .filter(s -> s.id().equals(id)).findFirst();
    } catch (RuntimeException | IOException x) {
      LOG.warn("pod {}: creating the sandbox failed: {}", name(pod), x.toString());
      for (var c : pod.getSpec().getContainers()) {
        waiting.putIfAbsent(c.getName(), new PodActions.Waiting("ContainerCreating", null));
      }
      return Optional.empty();
    }
  }

  private void startContainer(Pod pod, Sandbox sandbox, SandboxSpec sandboxSpec, io.fabric8.kubernetes.api.model.Container c,
      Optional<Container> previous, EnvResolver.PodContext ctx, Map<String, Path> volumePaths,
      Map<String, PodActions.Waiting> waiting, Instant now) {
    int attempt = previous.map(p -> p.attempt() + 1).orElse(0);
    try {
      Map<String, String> env = EnvResolver.resolve(pod, c, ctx, desired);
      try {
        runtime.ensureImage(c.getImage());
      } catch (RuntimeException x) {
        waiting.put(c.getName(), new PodActions.Waiting("ErrImagePull", x.getMessage()));
        return;
      }
      var spec = RuntimeSpecs.container(pod, c, node.nodeName(), attempt, env, volumePaths,
          ContainerResources.of(pod, c, node.memoryBytes()));
      Files.createDirectories(Path.of(sandboxSpec.logDirectory(), c.getName()));
      if (previous.isPresent() && previous.get().exited()) {
        Instant finished = previous.get().finishedAt() != null ? previous.get().finishedAt() : now;
        backoff.next(PodActions.backoffKey(pod, c.getName()), finished, now);
      }
      runtime.startContainer(sandbox.id(), sandboxSpec, spec);
    } catch (ContainerConfigException x) {
      waiting.put(c.getName(), new PodActions.Waiting("CreateContainerConfigError", x.getMessage()));
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    } catch (RuntimeException x) {
      LOG.warn("pod {}: starting container {} failed: {}", name(pod), c.getName(), x.toString());
      waiting.put(c.getName(), new PodActions.Waiting("CreateContainerError", x.getMessage()));
    }
  }

  /** Keeps the newest two containers of each name (the current one and the one lastState describes). */
  private void removeOldContainers(PodRuntimeState state) {
    state.grouped().values().forEach(list -> list.stream().sorted((x, y) -> Integer.compare(y.attempt(), x.attempt()))
        .skip(2).filter(c -> !c.running()).forEach(c -> runtime.removeContainer(c.id())));
    Optional<Sandbox> latest = state.latestSandbox();
    for (Sandbox s : state.sandboxes()) {
      boolean used = state.containers().stream().anyMatch(c -> c.sandboxId().equals(s.id()));
      if (latest.isPresent() && !s.id().equals(latest.get().id()) && !s.ready() && !used) {
        runtime.removeSandbox(s.id());
      }
    }
  }

  private PodStatus report(Pod pod, PodRuntimeState state, Map<String, PodActions.Waiting> waiting) {
    Optional<Sandbox> sandbox = state.latestSandbox();
    boolean ready = sandbox.isPresent() && sandbox.get().ready();
    List<String> ips = ready ? podIps(pod, sandbox.get()) : List.of();
    if (!ready && pod.getStatus() != null && pod.getStatus().getPodIPs() != null) {
      ips = pod.getStatus().getPodIPs().stream().map(p -> p.getIp()).toList();
    }
    PodStatuses.Inputs in = new PodStatuses.Inputs(runtimeName, node.hostIp(), ips, ready, probes::result, waiting,
        clock.instant());
    PodStatus s = PodStatuses.compute(pod, state, in);
    status.write(pod, s);
    List<ProbeManager.RunningContainer> running = new ArrayList<>();
    for (var c : pod.getSpec().getContainers()) {
      state.latest(c.getName()).filter(Container::running)
          .ifPresent(r -> running.add(new ProbeManager.RunningContainer(c, r.id(), r.startedAt())));
    }
    probes.sync(pod.getMetadata().getUid(), running, ips.isEmpty() ? node.hostIp() : ips.get(0));
    return s;
  }

  /** A pod being deleted: stop its containers within the grace period, remove the sandbox, delete the object. */
  private void terminate(Pod pod) {
    String uid = pod.getMetadata().getUid();
    PodRuntimeState state = observe(uid);
    killContainers(pod, state, deletionGrace(pod));
    stopSandboxes(state);
    PodRuntimeState stopped = observe(uid);
    removeRuntimeObjects(stopped);
    // The final status still shows how each container ended: it is computed from the state before removal.
    report(pod, stopped, Map.of());
    probes.forget(uid);
    status.delete(pod);
  }

  /** A pod no longer wanted on this node (or an orphan): stop and remove everything it left. */
  private void removeAll(String uid, PodRuntimeState state, long grace, Pod last) {
    if (!state.isEmpty()) {
      LOG.info("removing pod {} from the runtime", last == null ? uid : name(last));
      killContainers(last, state, grace);
      stopSandboxes(state);
      removeRuntimeObjects(observe(uid));
    }
    probes.forget(uid);
    backoff.forgetPrefix(uid + "/");
    volumes.tearDown(uid);
    status.forget(uid);
    desired.forget(uid);
  }

  private void removeRuntimeObjects(PodRuntimeState state) {
    state.containers().forEach(c -> runtime.removeContainer(c.id()));
    state.sandboxes().forEach(s -> runtime.removeSandbox(s.id()));
    state.sandboxes().stream().map(Sandbox::podUid).distinct()
        .forEach(uid -> PodCgroups.remove(RuntimeSpecs.cgroupParent(uid)));
  }

  /** Stops the running containers in parallel, each after its preStop hook, within the grace period. */
  private void killContainers(Pod pod, PodRuntimeState state, long graceSeconds) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (Container c : state.containers()) {
      if (c.running() || c.state() == Container.State.CREATED) {
        stops.add(CompletableFuture.runAsync(() -> stopContainer(pod, c.id(), graceSeconds, c.name()), pool));
      }
    }
    stops.forEach(CompletableFuture::join);
  }

  private void stopContainer(Pod pod, String id, long graceSeconds) {
    stopContainer(pod, id, graceSeconds, null);
  }

  private void stopContainer(Pod pod, String id, long graceSeconds, String name) {
    Instant start = clock.instant();
    var spec = pod == null || name == null ? null : findSpec(pod, name);
    if (spec != null && spec.getLifecycle() != null && spec.getLifecycle().getPreStop() != null && graceSeconds > 0) {
      Hooks.run(runtime, spec.getLifecycle().getPreStop(), spec, id, podIpOf(pod), Duration.ofSeconds(graceSeconds));
    }
    long left = graceSeconds - Duration.between(start, clock.instant()).toSeconds();
    runtime.stopContainer(id, Duration.ofSeconds(Math.max(MIN_GRACE_SECONDS, left)));
  }

  private void stopSandboxes(PodRuntimeState state) {
    state.sandboxes().stream().filter(Sandbox::ready).forEach(s -> runtime.stopSandbox(s.id()));
  }

  public PodRuntimeState observe(String uid) {
    Map<String, String> labels = Map.of(Labels.POD_UID, uid, Labels.NODE, node.nodeName());
    return new PodRuntimeState(runtime.sandboxes(labels), runtime.containers(labels, true));
  }

  private List<String> podIps(Pod pod, Sandbox sandbox) {
    if (RuntimeSpecs.hostNetwork(pod)) {
      return node.hostIp() == null ? List.of() : List.of(node.hostIp());
    }
    return runtime.sandboxIps(sandbox.id());
  }

  private EnvResolver.PodContext podContext(Pod pod, Sandbox sandbox) {
    return new EnvResolver.PodContext(node.hostIp(), podIps(pod, sandbox), node.allocatable());
  }

  private String podIpOf(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getPodIP() != null ? pod.getStatus().getPodIP() : node.hostIp();
  }

  /** The pod with the status this kubelet last wrote (newer than the node topic's copy), if any. */
  private Pod withLastStatus(Pod pod) {
    Optional<PodStatus> last = status.last(pod.getMetadata().getUid());
    if (last.isEmpty()) {
      return pod;
    }
    Pod copy = new io.fabric8.kubernetes.api.model.PodBuilder(pod).build();
    copy.setStatus(last.get());
    return copy;
  }

  private static io.fabric8.kubernetes.api.model.Container specOf(Pod pod, String name) {
    var c = findSpec(pod, name);
    if (c == null) {
      throw new IllegalStateException("no container " + name);
    }
    return c;
  }

  private static io.fabric8.kubernetes.api.model.Container findSpec(Pod pod, String name) {
    return java.util.stream.Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
        .filter(c -> c.getName().equals(name)).findFirst().orElse(null);
  }

  static long graceOf(Pod pod) {
    Long g = pod.getSpec().getTerminationGracePeriodSeconds();
    return g == null ? 30 : g;
  }

  /** The grace period of a deletion: the one the API recorded, else the pod's own. */
  static long deletionGrace(Pod pod) {
    Long g = pod.getMetadata().getDeletionGracePeriodSeconds();
    return g != null ? g : graceOf(pod);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
