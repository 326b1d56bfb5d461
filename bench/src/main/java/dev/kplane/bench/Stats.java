package dev.kplane.bench;

import java.util.Arrays;

/** Latency samples of one case: count, rate and percentiles. */
record Stats(long[] nanos, double seconds, int errors) {
  static Stats of(long[] samples, int count, double seconds, int errors) {
    long[] s = Arrays.copyOf(samples, count);
    Arrays.sort(s);
    return new Stats(s, seconds, errors);
  }

  int ops() {
    return nanos.length;
  }

  double perSecond() {
    return seconds == 0 ? 0 : ops() / seconds;
  }

  /** The nearest-rank percentile in milliseconds. */
  double percentileMs(double p) {
    if (nanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * nanos.length);
    return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
  }

  String line(String what, int concurrency) {
    return String.format("%s c=%d ops=%d errors=%d ops_per_s=%.0f p50_ms=%.2f p99_ms=%.2f", what, concurrency, ops(),
        errors, perSecond(), percentileMs(50), percentileMs(99));
  }
}
