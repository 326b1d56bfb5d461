package dev.kplane.kubelet.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProbeStateTest {
  @Test
  void readinessStartsFailingAndNeedsSuccessThresholdInARow() {
    ProbeState s = new ProbeState(ProbeType.READINESS, 2, 3);
    assertEquals(ProbeResult.FAILURE, s.verdict());
    assertEquals(ProbeResult.FAILURE, s.observe(ProbeResult.SUCCESS));
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.SUCCESS));
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.FAILURE));
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.FAILURE));
    assertEquals(ProbeResult.FAILURE, s.observe(ProbeResult.FAILURE));
    assertTrue(s.shouldProbe(), "readiness keeps probing after failing");
  }

  @Test
  void livenessFailsAfterThresholdAndThenHolds() {
    ProbeState s = new ProbeState(ProbeType.LIVENESS, 1, 2);
    assertEquals(ProbeResult.SUCCESS, s.verdict());
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.FAILURE));
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.SUCCESS));
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.FAILURE));
    assertEquals(ProbeResult.FAILURE, s.observe(ProbeResult.FAILURE));
    assertFalse(s.shouldProbe(), "the container is restarted; its probe waits for the new one");
  }

  @Test
  void startupStopsProbingOnceItSucceeded() {
    ProbeState s = new ProbeState(ProbeType.STARTUP, 1, 3);
    assertEquals(ProbeResult.UNKNOWN, s.verdict());
    assertEquals(ProbeResult.SUCCESS, s.observe(ProbeResult.SUCCESS));
    assertFalse(s.shouldProbe());
  }
}
