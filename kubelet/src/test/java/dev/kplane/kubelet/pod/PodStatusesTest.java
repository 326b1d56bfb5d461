package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.kubelet.probe.ProbeResult;
import dev.kplane.kubelet.probe.ProbeType;
import dev.kplane.kubelet.runtime.PodRuntimeState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
  final Instant now = Pods.T0.plusSeconds(60);

  static Pod pod(String policy) {
    return Pods.withSpec("""
        {"restartPolicy":"%s","initContainers":[{"name":"init","image":"busybox"}],
         "containers":[{"name":"web","image":"busybox","readinessProbe":{"exec":{"command":["true"]}}}]}""".formatted(policy));
  }

  PodStatus status(Pod pod, PodRuntimeState state, BiFunction<String, ProbeType, ProbeResult> probes,
      Map<String, PodActions.Waiting> waiting) {
    return PodStatuses.compute(pod, state, new PodStatuses.Inputs("containerd", "192.168.1.5", List.of("10.88.0.9"),
        true, probes, waiting, now));
  }

  static String condition(PodStatus s, String type) {
    return s.getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus).findFirst().orElse(null);
  }

  @Test
  void whileTheInitContainerRunsThePodIsPendingAndNotInitialized() {
    PodStatus s = status(pod("Always"), new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.running("init", 0))),
        (id, t) -> t.initial, Map.of());
    assertEquals("Pending", s.getPhase());
    assertEquals("False", condition(s, "Initialized"));
    assertEquals("PodInitializing", s.getContainerStatuses().get(0).getState().getWaiting().getReason());
    var initialized = s.getConditions().stream().filter(c -> c.getType().equals("Initialized")).findFirst().orElseThrow();
    assertEquals("ContainersNotInitialized", initialized.getReason());
    assertEquals("containers with incomplete status: [init]", initialized.getMessage());
    assertEquals("BestEffort", s.getQosClass());
    assertEquals("10.88.0.9", s.getPodIP());
  }

  @Test
  void aRunningContainerIsReadyOnlyWhenItsReadinessProbePasses() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)),
        List.of(Pods.exited("init", 0, 0, Pods.T0), Pods.running("web", 0)));
    PodStatus notReady = status(pod("Always"), state, (id, t) -> t.initial, Map.of());
    assertEquals("Running", notReady.getPhase());
    assertEquals("True", condition(notReady, "Initialized"));
    assertEquals("False", condition(notReady, "Ready"));
    assertFalse(notReady.getContainerStatuses().get(0).getReady());
    assertTrue(notReady.getContainerStatuses().get(0).getStarted());
    PodStatus ready = status(pod("Always"), state, (id, t) -> ProbeResult.SUCCESS, Map.of());
    assertEquals("True", condition(ready, "Ready"));
    assertEquals("True", condition(ready, "ContainersReady"));
    var web = ready.getContainerStatuses().get(0);
    assertEquals("containerd://web0", web.getContainerID());
    assertEquals("sha256:b", web.getImageID());
    assertEquals(Pods.T0.plusSeconds(1).toString(), web.getState().getRunning().getStartedAt());
  }

  @Test
  void aCrashedContainerWaitingToRestartShowsCrashLoopBackOffWithItsLastState() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.exited("web", 2, 1, Pods.T0.plusSeconds(50))));
    PodStatus s = status(pod("Always"), state, (id, t) -> t.initial,
        Map.of("web", new PodActions.Waiting("CrashLoopBackOff", "back-off 20s restarting failed container=web pod=p_ns(u1)")));
    var web = s.getContainerStatuses().get(0);
    assertEquals("CrashLoopBackOff", web.getState().getWaiting().getReason());
    assertEquals(1, web.getLastState().getTerminated().getExitCode());
    assertEquals("Error", web.getLastState().getTerminated().getReason());
    assertEquals(2, web.getRestartCount());
    assertEquals("Running", s.getPhase());
  }

  @Test
  void neverPodsEndSucceededOrFailed() {
    var ok = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.exited("web", 0, 0, Pods.T0)));
    assertEquals("Succeeded", status(pod("Never"), ok, (id, t) -> t.initial, Map.of()).getPhase());
    var failed = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.exited("web", 0, 3, Pods.T0)));
    assertEquals("Failed", status(pod("Never"), failed, (id, t) -> t.initial, Map.of()).getPhase());
    assertEquals("Running", status(pod("OnFailure"), failed, (id, t) -> t.initial, Map.of()).getPhase());
  }

  @Test
  void conditionTransitionTimesMoveOnlyWhenTheStatusChanges() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)),
        List.of(Pods.exited("init", 0, 0, Pods.T0), Pods.running("web", 0)));
    Pod pod = pod("Always");
    PodStatus first = status(pod, state, (id, t) -> ProbeResult.SUCCESS, Map.of());
    pod.setStatus(first);
    PodStatus later = PodStatuses.compute(pod, state, new PodStatuses.Inputs("containerd", "192.168.1.5",
        List.of("10.88.0.9"), true, (id, t) -> ProbeResult.SUCCESS, Map.of(), now.plusSeconds(30)));
    assertEquals(first, later);
  }
}
