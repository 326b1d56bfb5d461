package dev.kplane.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restart back-off of crashed containers, as kube's flowcontrol.Backoff used by the kubelet: 10 s, doubling
 * up to 5 min per container; an entry not renewed for twice the maximum starts again from 10 s.
 */
public final class CrashBackoff {
  public static final Duration INITIAL = Duration.ofSeconds(10);
  public static final Duration MAX = Duration.ofMinutes(5);

  private final Duration initial;
  private final Duration max;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(Duration backoff, Instant lastUpdate) {}

  public CrashBackoff() {
    this(INITIAL, MAX);
  }

  public CrashBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** The current delay of the key (zero when it has none). */
  public Duration get(String key) {
    Entry e = entries.get(key);
    return e == null ? Duration.ZERO : e.backoff;
  }

  /** True while now is within the key's delay after eventTime (the last exit of the container). */
  public boolean inBackoffSince(String key, Instant eventTime, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(eventTime, e.lastUpdate)) {
      return false;
    }
    return Duration.between(eventTime, now).compareTo(e.backoff) < 0;
  }

  /** Records a restart at now after an exit at eventTime: the delay starts at the initial value or doubles. */
  public void next(String key, Instant eventTime, Instant now) {
    entries.compute(key, (k, e) -> {
      if (e == null || expired(eventTime, e.lastUpdate)) {
        return new Entry(initial, now);
      }
      Duration doubled = e.backoff.multipliedBy(2);
      return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
    });
  }

  public void forgetPrefix(String prefix) {
    entries.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private boolean expired(Instant eventTime, Instant lastUpdate) {
    return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
  }

  /** A duration as Go's time.Duration.String() prints whole seconds: 10s, 1m20s, 5m0s. */
  public static String goString(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return (h > 0 ? h + "h" + m + "m" : m + "m") + (s % 60) + "s";
  }
}
