package dev.kplane.scheduler.topology;

/**
 * What the scheduler did in the last window, logged to show where the time of a pod's create-to-bind goes:
 * its wait to reach the scheduler (input lag: the pod's write time to its processing), the scheduling itself,
 * and the binding's round trip through the API (sent to seen bound).
 */
final class SchedulerStats {
  private long scheduled;
  private long bound;
  private long unschedulable;
  private long scheduleNanos;
  private long records;
  private long processNanos;
  private long workNanos;
  private final Window inputLag = new Window();
  private final Window bindRoundTrip = new Window();

  private static final class Window {
    long count;
    long sum;
    long max;

    void add(long ms) {
      count++;
      sum += ms;
      max = Math.max(max, ms);
    }

    String text() {
      return count == 0 ? "-" : String.format("avg %d ms max %d ms", sum / count, max);
    }
  }

  void scheduled(long nanos, boolean fits) {
    scheduled++;
    scheduleNanos += nanos;
    if (!fits) {
      unschedulable++;
    }
  }

  void processed(long nanos) {
    records++;
    processNanos += nanos;
  }

  void worked(long nanos) {
    workNanos += nanos;
  }

  void inputLag(long ms) {
    inputLag.add(ms);
  }

  void bound(long roundTripMs) {
    bound++;
    bindRoundTrip.add(roundTripMs);
  }

  boolean idle() {
    return scheduled == 0 && bound == 0 && records == 0;
  }

  /** The window's summary; the window starts again. */
  String drain(int active, int backoff, int waiting, int inFlight) {
    String s = String.format("scheduled %d pods (%d unschedulable) in %.1f ms of scheduling (%.2f ms/pod); "
            + "%d seen bound, bind round trip %s; pod input lag %s; queue active %d, back-off %d, unschedulable %d, "
            + "bindings in flight %d; stream thread busy %.0f ms processing %d records, %.0f ms in punctuations",
        scheduled, unschedulable, scheduleNanos / 1e6,
        scheduled == 0 ? 0 : scheduleNanos / 1e6 / scheduled, bound, bindRoundTrip.text(), inputLag.text(), active,
        backoff, waiting, inFlight, processNanos / 1e6, records, workNanos / 1e6);
    records = 0;
    processNanos = 0;
    workNanos = 0;
    scheduled = 0;
    bound = 0;
    unschedulable = 0;
    scheduleNanos = 0;
    inputLag.count = inputLag.sum = inputLag.max = 0;
    bindRoundTrip.count = bindRoundTrip.sum = bindRoundTrip.max = 0;
    return s;
  }
}
