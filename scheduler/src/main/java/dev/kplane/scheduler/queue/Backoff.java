package dev.kplane.scheduler.queue;

import java.time.Duration;

/**
 * How long a pod waits after a failed attempt before it may be tried again: kube-scheduler's
 * podInitialBackoffSeconds (1 s) doubled per attempt up to podMaxBackoffSeconds (10 s).
 */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

  /** The back-off after this many attempts (the first attempt waits initial), as calculateBackoffDuration. */
  public long millis(int attempts) {
    long d = initial.toMillis();
    for (int i = 1; i < attempts; i++) {
      d *= 2;
      if (d > max.toMillis()) {
        return max.toMillis();
      }
    }
    return Math.min(d, max.toMillis());
  }
}
