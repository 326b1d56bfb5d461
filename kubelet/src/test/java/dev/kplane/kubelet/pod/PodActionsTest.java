package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.kubelet.probe.ProbeResult;
import dev.kplane.kubelet.probe.ProbeType;
import dev.kplane.kubelet.runtime.PodRuntimeState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodActionsTest {
  static final PodActions.Probes NO_PROBES = (id, type) -> type.initial;
  final CrashBackoff backoff = new CrashBackoff();
  final Instant now = Pods.T0.plusSeconds(100);

  static Pod pod(String policy) {
    return Pods.withSpec("""
        {"restartPolicy":"%s","initContainers":[{"name":"init","image":"i"}],
         "containers":[{"name":"a","image":"i"},{"name":"b","image":"i"}]}""".formatted(policy));
  }

  PodActions compute(Pod pod, PodRuntimeState state) {
    return PodActions.compute(pod, state, NO_PROBES, backoff, now);
  }

  @Test
  void aNewPodGetsASandboxAndItsFirstInitContainer() {
    PodActions a = compute(pod("Always"), PodRuntimeState.empty());
    assertTrue(a.createSandbox());
    assertEquals(0, a.sandboxAttempt());
    assertEquals("init", a.initToStart());
    assertEquals(List.of(), a.containersToStart());
  }

  @Test
  void containersWaitForTheRunningInitContainerThenAllStart() {
    var sandbox = List.of(Pods.sandbox(0, true));
    PodActions waiting = compute(pod("Always"), new PodRuntimeState(sandbox, List.of(Pods.running("init", 0))));
    assertNull(waiting.initToStart());
    assertEquals(List.of(), waiting.containersToStart());
    PodActions start = compute(pod("Always"),
        new PodRuntimeState(sandbox, List.of(Pods.exited("init", 0, 0, Pods.T0.plusSeconds(2)))));
    assertEquals(List.of("a", "b"), start.containersToStart());
    assertFalse(start.createSandbox());
  }

  @Test
  void aFailedInitContainerFailsANeverPodAndIsRetriedOtherwise() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 1, Pods.T0)));
    assertTrue(compute(pod("Never"), state).podFailed());
    assertEquals("init", compute(pod("OnFailure"), state).initToStart());
  }

  @Test
  void restartPolicyDecidesWhichExitedContainersRestart() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.exited("a", 0, 0, Pods.T0), Pods.exited("b", 0, 2, Pods.T0)));
    assertEquals(List.of("a", "b"), compute(pod("Always"), state).containersToStart());
    assertEquals(List.of("b"), compute(pod("OnFailure"), state).containersToStart());
    assertEquals(List.of(), compute(pod("Never"), state).containersToStart());
  }

  @Test
  void aRestartWithinTheBackoffWaitsInCrashLoopBackOff() {
    Pod pod = pod("Always");
    Instant exit = now.minusSeconds(3);
    backoff.next(PodActions.backoffKey(pod, "a"), exit.minusSeconds(30), exit.minusSeconds(30));
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.exited("a", 1, 1, exit), Pods.running("b", 0)));
    PodActions a = compute(pod, state);
    assertEquals(List.of(), a.containersToStart());
    PodActions.Waiting w = a.waiting().get("a");
    assertEquals("CrashLoopBackOff", w.reason());
    assertEquals("back-off 10s restarting failed container=a pod=p_ns(u1)", w.message());
  }

  @Test
  void aFailedLivenessProbeKillsAndRestartsTheContainer() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, true)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.running("a", 0), Pods.running("b", 0)));
    PodActions.Probes livenessOfAFails = (id, type) -> id.equals("a0") && type == ProbeType.LIVENESS
        ? ProbeResult.FAILURE : type.initial;
    PodActions a = PodActions.compute(pod("Always"), state, livenessOfAFails, backoff, now);
    assertEquals(Map.of("a0", "Container a failed liveness probe, will be restarted"), a.containersToKill());
    assertEquals(List.of("a"), a.containersToStart());
  }

  @Test
  void aDeadSandboxIsReplacedAndEverythingStartsAgainUnlessTheNeverPodAlreadyRan() {
    var state = new PodRuntimeState(List.of(Pods.sandbox(0, false)), List.of(Pods.exited("init", 0, 0, Pods.T0),
        Pods.exited("a", 0, 137, Pods.T0), Pods.exited("b", 0, 137, Pods.T0)));
    PodActions always = compute(pod("Always"), state);
    assertTrue(always.createSandbox() && always.killPod());
    assertEquals(1, always.sandboxAttempt());
    assertEquals("init", always.initToStart());
    PodActions never = compute(pod("Never"), state);
    assertFalse(never.createSandbox());
  }
}
