package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashBackoffTest {
  final Instant t0 = Pods.T0;

  @Test
  void firstRestartIsImmediateThenTenSecondsDoublingToFiveMinutes() {
    CrashBackoff b = new CrashBackoff();
    assertFalse(b.inBackoffSince("k", t0, t0));
    Instant t = t0;
    String[] expected = {"10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s"};
    for (String e : expected) {
      b.next("k", t, t);
      assertEquals(e, CrashBackoff.goString(b.get("k")));
      assertTrue(b.inBackoffSince("k", t, t.plus(b.get("k")).minusMillis(1)));
      assertFalse(b.inBackoffSince("k", t, t.plus(b.get("k"))));
      t = t.plus(b.get("k"));
    }
  }

  @Test
  void aContainerThatRanLongerThanTwiceTheMaximumStartsOverAtTenSeconds() {
    CrashBackoff b = new CrashBackoff();
    b.next("k", t0, t0);
    b.next("k", t0, t0);
    assertEquals(Duration.ofSeconds(20), b.get("k"));
    Instant muchLater = t0.plus(Duration.ofMinutes(11));
    assertFalse(b.inBackoffSince("k", muchLater, muchLater));
    b.next("k", muchLater, muchLater);
    assertEquals(Duration.ofSeconds(10), b.get("k"));
  }
}
