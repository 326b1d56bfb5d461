package dev.kplane.kubelet.server;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Deque;
import java.util.Map;

/**
 * The query of {@code /containerLogs/<ns>/<pod>/<container>} (kube's PodLogOptions, as the API server forwards
 * it): follow, previous, timestamps, sinceSeconds or sinceTime, tailLines, limitBytes. Null means unset.
 */
record LogOptions(boolean follow, boolean previous, boolean timestamps, Instant since, Long tailLines, Long limitBytes) {

  static LogOptions parse(Map<String, Deque<String>> query, Instant now) {
    Long sinceSeconds = number(query, "sinceSeconds");
    String sinceTime = first(query, "sinceTime");
    Instant since = sinceSeconds != null ? now.minusSeconds(sinceSeconds)
        : sinceTime != null ? OffsetDateTime.parse(sinceTime).toInstant() : null;
    return new LogOptions(flag(query, "follow"), flag(query, "previous"), flag(query, "timestamps"), since,
        number(query, "tailLines"), number(query, "limitBytes"));
  }

  private static String first(Map<String, Deque<String>> query, String name) {
    Deque<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  /** Go's strconv.ParseBool, which the query decoder uses: 1, t, T, true, TRUE, True. */
  static boolean flag(Map<String, Deque<String>> query, String name) {
    String v = first(query, name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("t") || v.equalsIgnoreCase("true"));
  }

  private static Long number(Map<String, Deque<String>> query, String name) {
    String v = first(query, name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException x) {
      throw new IllegalArgumentException(name + ": invalid value \"" + v + "\"");
    }
  }
}
