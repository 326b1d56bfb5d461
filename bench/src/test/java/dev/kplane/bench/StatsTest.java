package dev.kplane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void shouldTakeNearestRankPercentiles() {
    long[] ms = new long[100];
    for (int i = 0; i < 100; i++) {
      ms[i] = (100 - i) * 1_000_000L; // 100..1 ms, unsorted
    }
    Stats s = Stats.of(ms, 100, 2.0, 0);
    assertEquals(50.0, s.percentileMs(50));
    assertEquals(99.0, s.percentileMs(99));
    assertEquals(100.0, s.percentileMs(100));
    assertEquals(50.0, s.perSecond());
  }

  @Test
  void shouldIgnoreUnfilledSlots() {
    long[] ms = {3_000_000L, 1_000_000L, 0, 0};
    Stats s = Stats.of(ms, 2, 1.0, 2);
    assertEquals(2, s.ops());
    assertEquals(1.0, s.percentileMs(50));
    assertEquals(3.0, s.percentileMs(99));
  }
}
