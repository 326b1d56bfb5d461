package dev.kplane.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Taint-based eviction (pkg/controller/tainteviction): a pod on a node with NoExecute taints is deleted at once
 * when it does not tolerate one of them, after the shortest tolerationSeconds of the tolerations it uses
 * (counted from the taint's timeAdded), and never when those tolerate forever.
 */
public final class TaintEviction {
  private TaintEviction() {}

  /** When to delete the pod; empty when it stays. */
  public static Optional<Instant> evictAt(JsonNode pod, List<Taint> nodeTaints) {
    List<Taint> noExecute = nodeTaints.stream().filter(t -> t.effect().equals(Taint.NO_EXECUTE)).toList();
    if (noExecute.isEmpty()) {
      return Optional.empty();
    }
    Instant earliest = null;
    long minSeconds = Long.MAX_VALUE;
    for (Taint taint : noExecute) {
      JsonNode used = null;
      for (JsonNode tol : pod.path("spec").path("tolerations")) {
        if (tolerates(tol, taint)) {
          used = tol;
          break;
        }
      }
      if (used == null) {
        return Optional.of(Instant.EPOCH);
      }
      if (used.hasNonNull("tolerationSeconds")) {
        minSeconds = Math.min(minSeconds, Math.max(0, used.get("tolerationSeconds").asLong()));
      }
      Instant added = taint.timeAdded() == null ? null : NodeHealth.parse(taint.timeAdded());
      if (added != null && (earliest == null || added.isBefore(earliest))) {
        earliest = added;
      }
    }
    if (minSeconds == Long.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of((earliest == null ? Instant.EPOCH : earliest).plusSeconds(minSeconds));
  }

  /** core/v1 Toleration.ToleratesTaint. */
  static boolean tolerates(JsonNode toleration, Taint taint) {
    String effect = toleration.path("effect").asText("");
    if (!effect.isEmpty() && !effect.equals(taint.effect())) {
      return false;
    }
    String key = toleration.path("key").asText("");
    String operator = toleration.path("operator").asText("Equal");
    if (key.isEmpty()) {
      return operator.equals("Exists");
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return operator.equals("Exists") || toleration.path("value").asText("").equals(taint.value());
  }
}
