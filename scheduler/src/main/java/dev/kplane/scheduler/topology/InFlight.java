package dev.kplane.scheduler.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests the scheduler has sent and the API has not answered, and among them the bindings it assumed
 * pods for. The door answers in order of arrival, so how far its answers have come tells a lost binding from
 * one merely queued behind others.
 */
final class InFlight {
  /** An unanswered binding is given up when requests sent this much later have been answered. */
  static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
  /** An unanswered binding is given up after this in any case. */
  static final Duration BIND_GIVE_UP = Duration.ofMinutes(10);
  private static final int MAX_TRACKED_REQUESTS = 100_000;

  /**
   * A binding in flight: the node, its request, the pod version it was based on, when it was sent, and whether
   * the API answered that it was applied (then only the pod's bound event is awaited, however late it comes).
   */
  record Assumption(String node, String requestId, long resourceVersion, long sentAt, boolean applied) {
    Assumption asApplied() {
      return new Assumption(node, requestId, resourceVersion, sentAt, true);
    }
  }

  /** A request sent and not answered yet: the pod it is about and what it is (for logs). */
  record Sent(String podKey, String what, long at) {}

  /** Assumptions by pod key, oldest first. */
  private final LinkedHashMap<String, Assumption> assumptions = new LinkedHashMap<>();
  /** Unanswered requests by request id, oldest first. */
  private final LinkedHashMap<String, Sent> sent = new LinkedHashMap<>();
  /** When the newest request the API has answered was sent: how far the door has come. */
  private long answeredUpTo;

  void sent(String requestId, Sent what) {
    if (sent.size() >= MAX_TRACKED_REQUESTS) {
      sent.remove(sent.keySet().iterator().next());
    }
    sent.put(requestId, what);
  }

  /** The request of this reply, now answered, or null when it is not ours or no longer tracked. */
  Sent answered(String requestId) {
    Sent what = sent.remove(requestId);
    if (what != null) {
      answeredUpTo = Math.max(answeredUpTo, what.at());
    }
    return what;
  }

  void assume(String podKey, Assumption a) {
    assumptions.put(podKey, a);
  }

  Assumption assumption(String podKey) {
    return assumptions.get(podKey);
  }

  Assumption forget(String podKey) {
    return assumptions.remove(podKey);
  }

  /** The API applied the binding; returns the updated assumption (its place in the order stays). */
  Assumption applied(String podKey) {
    return assumptions.computeIfPresent(podKey, (k, a) -> a.asApplied());
  }

  /** Whether this reply answers the pod's current binding (and not an older, replaced one). */
  boolean isCurrentBinding(String podKey, String requestId) {
    Assumption a = assumptions.get(podKey);
    return a != null && a.requestId().equals(requestId);
  }

  int bindings() {
    return assumptions.size();
  }

  /**
   * The pods whose binding is lost: unanswered while requests sent {@link #BIND_TIMEOUT} after it have been
   * answered. A door that is merely behind answers in order of arrival, so a backlog expires nothing;
   * {@link #BIND_GIVE_UP} bounds the wait when nothing is answered.
   */
  List<String> expired(long now) {
    List<String> expired = new ArrayList<>();
    for (Map.Entry<String, Assumption> e : assumptions.entrySet()) {
      Assumption a = e.getValue();
      if (a.sentAt() + BIND_TIMEOUT.toMillis() > now) {
        break;
      }
      boolean overtaken = answeredUpTo > a.sentAt() + BIND_TIMEOUT.toMillis();
      if (!a.applied() && (overtaken || a.sentAt() + BIND_GIVE_UP.toMillis() <= now)) {
        expired.add(e.getKey());
      }
    }
    return expired;
  }
}
