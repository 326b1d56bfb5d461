package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.probe.ProbeResult;
import dev.kplane.kubelet.probe.ProbeType;
import dev.kplane.kubelet.runtime.Container;
import dev.kplane.kubelet.runtime.PodRuntimeState;
import dev.kplane.kubelet.runtime.Sandbox;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What to do to bring a running pod's runtime state towards its spec: kuberuntime's computePodActions. A dead
 * or missing sandbox means a new sandbox and a fresh start from the first init container; then init
 * containers run one at a time in order; then every regular container that should run and is not running is
 * started, unless its restart is in back-off (CrashLoopBackOff). Containers whose liveness or startup probe
 * failed are killed (and restarted by the same rules).
 */
public record PodActions(boolean killPod, boolean createSandbox, int sandboxAttempt, String initToStart,
    List<String> containersToStart, Map<String, String> containersToKill, Map<String, Waiting> waiting,
    boolean podFailed) {

  /** A container that is not started now and why (reason and message for its waiting state). */
  public record Waiting(String reason, String message) {}

  public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  /** Looks up a probe verdict by container id and probe type. */
  public interface Probes extends BiFunction<String, ProbeType, ProbeResult> {}

  public static PodActions compute(Pod pod, PodRuntimeState state, Probes probes, CrashBackoff backoff, Instant now) {
    var spec = pod.getSpec();
    String policy = restartPolicy(pod);
    Optional<Sandbox> sandbox = state.latestSandbox();
    boolean sandboxReady = sandbox.isPresent() && sandbox.get().ready()
        && state.sandboxes().stream().filter(Sandbox::ready).count() == 1;
    Map<String, Waiting> waiting = new LinkedHashMap<>();

    if (!sandboxReady) {
      int attempt = sandbox.map(s -> s.attempt() + 1).orElse(0);
      // A pod that must not restart, or whose every container already succeeded, gets no second sandbox.
      if (sandbox.isPresent() && !state.containers().isEmpty()
          && ("Never".equals(policy) || ("OnFailure".equals(policy) && allSucceeded(pod, state)))) {
        return new PodActions(true, false, attempt, null, List.of(), Map.of(), waiting, false);
      }
      if (!spec.getInitContainers().isEmpty()) {
        return new PodActions(true, true, attempt, spec.getInitContainers().get(0).getName(), List.of(), Map.of(),
            waiting, false);
      }
      List<String> start = new ArrayList<>();
      for (var c : spec.getContainers()) {
        if (!("OnFailure".equals(policy) && succeeded(state.latest(c.getName())))) {
          start.add(c.getName());
        }
      }
      return new PodActions(true, true, attempt, null, start, Map.of(), waiting, false);
    }

    Map<String, String> kill = new LinkedHashMap<>();
    // Init containers, one at a time, in order.
    for (var c : spec.getInitContainers()) {
      Optional<Container> latest = state.latest(c.getName());
      if (latest.isEmpty()) {
        return new PodActions(false, false, 0, c.getName(), List.of(), kill, waiting, false);
      }
      Container l = latest.get();
      if (l.running()) {
        return new PodActions(false, false, 0, null, List.of(), kill, waiting, false);
      }
      if (l.exited() && l.exitCode() == 0) {
        continue;
      }
      if ("Never".equals(policy)) {
        return new PodActions(true, false, 0, null, List.of(), kill, waiting, true);
      }
      Waiting w = backoffWaiting(pod, c.getName(), l, backoff, now);
      if (w != null) {
        waiting.put(c.getName(), w);
        return new PodActions(false, false, 0, null, List.of(), kill, waiting, false);
      }
      return new PodActions(false, false, 0, c.getName(), List.of(), kill, waiting, false);
    }

    List<String> start = new ArrayList<>();
    for (var c : spec.getContainers()) {
      Optional<Container> latest = state.latest(c.getName());
      if (latest.isEmpty()) {
        start.add(c.getName());
        continue;
      }
      Container l = latest.get();
      if (l.running()) {
        String why = null;
        if (probes.apply(l.id(), ProbeType.LIVENESS) == ProbeResult.FAILURE) {
          why = "Container " + c.getName() + " failed liveness probe, will be restarted";
        } else if (probes.apply(l.id(), ProbeType.STARTUP) == ProbeResult.FAILURE) {
          why = "Container " + c.getName() + " failed startup probe, will be restarted";
        }
        if (why != null) {
          kill.put(l.id(), why);
          if (!"Never".equals(policy)) {
            start.add(c.getName());
          }
        }
        continue;
      }
      boolean restart = switch (policy) {
        case "Never" -> l.state() == Container.State.CREATED;
        case "OnFailure" -> !(l.exited() && l.exitCode() == 0);
        default -> true;
      };
      if (!restart) {
        continue;
      }
      Waiting w = l.exited() ? backoffWaiting(pod, c.getName(), l, backoff, now) : null;
      if (w != null) {
        waiting.put(c.getName(), w);
      } else {
        start.add(c.getName());
      }
    }
    return new PodActions(false, false, 0, null, start, kill, waiting, false);
  }

  /** The back-off key of a container: one per pod instance and container name. */
  public static String backoffKey(Pod pod, String container) {
    return pod.getMetadata().getUid() + "/" + container;
  }

  /** CrashLoopBackOff with kube's message while the container's last exit is within its back-off, else null. */
  static Waiting backoffWaiting(Pod pod, String name, Container last, CrashBackoff backoff, Instant now) {
    String key = backoffKey(pod, name);
    Instant finished = last.finishedAt() != null ? last.finishedAt() : now;
    if (!backoff.inBackoffSince(key, finished, now)) {
      return null;
    }
    var m = pod.getMetadata();
    return new Waiting(CRASH_LOOP_BACK_OFF, "back-off " + CrashBackoff.goString(backoff.get(key))
        + " restarting failed container=" + name + " pod=" + m.getName() + "_" + m.getNamespace() + "(" + m.getUid() + ")");
  }

  public static String restartPolicy(Pod pod) {
    String p = pod.getSpec().getRestartPolicy();
    return p == null || p.isEmpty() ? "Always" : p;
  }

  private static boolean succeeded(Optional<Container> c) {
    return c.isPresent() && c.get().exited() && c.get().exitCode() == 0;
  }

  private static boolean allSucceeded(Pod pod, PodRuntimeState state) {
    return pod.getSpec().getContainers().stream().allMatch(c -> succeeded(state.latest(c.getName())));
  }
}
