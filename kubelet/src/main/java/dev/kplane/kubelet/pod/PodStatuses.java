package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.probe.ProbeResult;
import dev.kplane.kubelet.probe.ProbeType;
import dev.kplane.kubelet.runtime.Container;
import dev.kplane.kubelet.runtime.PodRuntimeState;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The pod status the kubelet reports (kubelet_pods.go generateAPIPodStatus / getPhase and status/generate.go):
 * container statuses from the runtime, phase, the kubelet's conditions, IPs, start time and QoS class.
 * Pure: everything it reads is passed in.
 */
public final class PodStatuses {
  private PodStatuses() {}

  /** Conditions the kubelet owns; others (PodScheduled, DisruptionTarget ...) are kept as found. */
  static final Set<String> OWN_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady");

  /** Everything besides the pod and the runtime state that the status depends on. */
  public record Inputs(String runtimeName, String hostIp, List<String> podIps, boolean sandboxReady,
      BiFunction<String, ProbeType, ProbeResult> probes, Map<String, PodActions.Waiting> waiting, Instant now) {}

  public static PodStatus compute(Pod pod, PodRuntimeState state, Inputs in) {
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    boolean hasInit = !pod.getSpec().getInitContainers().isEmpty();
    List<ContainerStatus> init = new ArrayList<>();
    for (var c : pod.getSpec().getInitContainers()) {
      init.add(containerStatus(c, state, in, true, hasInit));
    }
    List<ContainerStatus> regular = new ArrayList<>();
    for (var c : pod.getSpec().getContainers()) {
      regular.add(containerStatus(c, state, in, false, hasInit));
    }
    String phase = phase(pod, init, regular);
    if ("Succeeded".equals(old.getPhase()) || "Failed".equals(old.getPhase())) {
      phase = old.getPhase();
    }
    PodStatus s = new PodStatus();
    s.setPhase(phase);
    s.setQosClass(QosClass.of(pod));
    s.setHostIP(in.hostIp());
    s.setHostIPs(in.hostIp() == null ? List.of() : List.of(new HostIP(in.hostIp())));
    s.setPodIP(in.podIps().isEmpty() ? null : in.podIps().get(0));
    s.setPodIPs(in.podIps().stream().map(PodIP::new).toList());
    s.setStartTime(old.getStartTime() != null ? old.getStartTime() : time(in.now()));
    s.setInitContainerStatuses(init);
    s.setContainerStatuses(regular);
    s.setConditions(conditions(pod, old, init, regular, phase, in));
    return s;
  }

  static ContainerStatus containerStatus(io.fabric8.kubernetes.api.model.Container spec, PodRuntimeState state,
      Inputs in, boolean isInit, boolean podHasInit) {
    List<Container> all = state.byName(spec.getName());
    ContainerStatusBuilder b = new ContainerStatusBuilder().withName(spec.getName()).withImage(spec.getImage())
        .withImageID("").withReady(false).withStarted(false).withRestartCount(0);
    PodActions.Waiting waiting = in.waiting().get(spec.getName());
    if (all.isEmpty()) {
      String reason = podHasInit ? "PodInitializing" : "ContainerCreating";
      return b.withState(waitingState(waiting != null ? waiting : new PodActions.Waiting(reason, null))).build();
    }
    Container latest = all.get(0);
    Container previous = all.size() > 1 ? all.get(1) : null;
    b.withRestartCount(latest.attempt()).withContainerID(in.runtimeName() + "://" + latest.id())
        .withImageID(latest.imageRef() == null ? "" : latest.imageRef());
    if (latest.running()) {
      boolean started = isInit || spec.getStartupProbe() == null || probe(in, latest, ProbeType.STARTUP) == ProbeResult.SUCCESS;
      boolean ready = !isInit && started
          && (spec.getReadinessProbe() == null || probe(in, latest, ProbeType.READINESS) == ProbeResult.SUCCESS);
      b.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(time(latest.startedAt())).endRunning().build())
          .withStarted(started).withReady(ready);
      if (previous != null && previous.exited()) {
        b.withLastState(terminated(in, previous));
      }
      return b.build();
    }
    if (latest.exited()) {
      if (waiting != null) {
        // Waiting to restart: the exit just seen becomes lastState.
        return b.withState(waitingState(waiting)).withLastState(terminated(in, latest)).build();
      }
      b.withState(terminated(in, latest));
      if (isInit && latest.exitCode() == 0) {
        b.withReady(true);
      }
      if (previous != null && previous.exited()) {
        b.withLastState(terminated(in, previous));
      }
      return b.build();
    }
    return b.withState(waitingState(waiting != null ? waiting : new PodActions.Waiting("ContainerCreating", null))).build();
  }

  private static ProbeResult probe(Inputs in, Container c, ProbeType type) {
    return in.probes().apply(c.id(), type);
  }

  static ContainerState terminated(Inputs in, Container c) {
    return new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder()
        .withExitCode(c.exitCode())
        .withReason(c.reason() == null || c.reason().isEmpty() ? (c.exitCode() == 0 ? "Completed" : "Error") : c.reason())
        .withMessage(c.message() == null || c.message().isEmpty() ? null : c.message())
        .withStartedAt(time(c.startedAt())).withFinishedAt(time(c.finishedAt()))
        .withContainerID(in.runtimeName() + "://" + c.id()).build()).build();
  }

  static ContainerState waitingState(PodActions.Waiting w) {
    return new ContainerStateBuilder().withNewWaiting().withReason(w.reason()).withMessage(w.message()).endWaiting().build();
  }

  /** kubelet's getPhase (without sidecar init containers). */
  static String phase(Pod pod, List<ContainerStatus> init, List<ContainerStatus> regular) {
    String policy = PodActions.restartPolicy(pod);
    int pendingInit = 0;
    int failedInit = 0;
    for (ContainerStatus s : init) {
      var st = s.getState();
      if (st.getRunning() != null) {
        pendingInit++;
      } else if (st.getTerminated() != null) {
        if (st.getTerminated().getExitCode() != 0) {
          failedInit++;
        }
      } else if (st.getWaiting() != null && s.getLastState() != null && s.getLastState().getTerminated() != null) {
        if (s.getLastState().getTerminated().getExitCode() != 0) {
          failedInit++;
        }
      } else {
        pendingInit++;
      }
    }
    int unknown = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    boolean anyRegularStarted = false;
    for (ContainerStatus s : regular) {
      var st = s.getState();
      if (st.getRunning() != null) {
        running++;
        anyRegularStarted = true;
      } else if (st.getTerminated() != null) {
        stopped++;
        anyRegularStarted = true;
        if (st.getTerminated().getExitCode() == 0) {
          succeeded++;
        }
      } else if (st.getWaiting() != null) {
        if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
          stopped++;
          anyRegularStarted = true;
        } else {
          waiting++;
        }
      } else {
        unknown++;
      }
    }
    if (failedInit > 0 && "Never".equals(policy)) {
      return "Failed";
    }
    if ((pendingInit > 0 && !anyRegularStarted) || waiting > 0) {
      return "Pending";
    }
    if (running > 0 && unknown == 0) {
      return "Running";
    }
    if (running == 0 && stopped > 0 && unknown == 0) {
      if ("Always".equals(policy)) {
        return "Running";
      }
      if (stopped == succeeded) {
        return "Succeeded";
      }
      return "Never".equals(policy) ? "Failed" : "Running";
    }
    return "Pending";
  }

  static List<PodCondition> conditions(Pod pod, PodStatus old, List<ContainerStatus> init,
      List<ContainerStatus> regular, String phase, Inputs in) {
    List<PodCondition> out = new ArrayList<>();
    out.add(condition(old, "PodReadyToStartContainers", in.sandboxReady(), null, null, in.now()));

    List<String> incomplete = init.stream().filter(s -> !(s.getState().getTerminated() != null
        && s.getState().getTerminated().getExitCode() == 0)).map(ContainerStatus::getName).toList();
    boolean regularStarted = regular.stream().anyMatch(s -> s.getState().getRunning() != null
        || s.getState().getTerminated() != null || (s.getLastState() != null && s.getLastState().getTerminated() != null));
    boolean initialized = incomplete.isEmpty() || regularStarted || "Succeeded".equals(phase);
    out.add(condition(old, "Initialized", initialized, initialized ? null : "ContainersNotInitialized",
        initialized ? null : "containers with incomplete status: " + goList(incomplete), in.now()));

    List<String> unready = regular.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
    boolean ready = unready.isEmpty();
    String reason = ready ? null : "Succeeded".equals(phase) ? "PodCompleted" : "ContainersNotReady";
    String message = ready || "Succeeded".equals(phase) ? null : "containers with unready status: " + goList(unready);
    out.add(condition(old, "Ready", ready, reason, message, in.now()));
    out.add(condition(old, "ContainersReady", ready, reason, message, in.now()));
    if (old.getConditions() != null) {
      old.getConditions().stream().filter(c -> !OWN_CONDITIONS.contains(c.getType())).forEach(out::add);
    }
    return out;
  }

  /** A condition whose lastTransitionTime moves only when its status changes. */
  static PodCondition condition(PodStatus old, String type, boolean status, String reason, String message, Instant now) {
    String value = status ? "True" : "False";
    PodCondition prev = old.getConditions() == null ? null
        : old.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition = prev != null && value.equals(prev.getStatus()) && prev.getLastTransitionTime() != null
        ? prev.getLastTransitionTime() : time(now);
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(value);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastTransitionTime(transition);
    c.setLastProbeTime(null);
    return c;
  }

  /** Go's %v of a []string: [a b]. */
  static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  /** RFC 3339 with whole seconds, as metav1.Time marshals. */
  public static String time(Instant t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
