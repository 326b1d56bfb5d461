package dev.kplane.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which a ReplicaSet gives up pods (controller_utils.go ActivePodsWithRanks.Less, v1.32 with
 * PodDeletionCost and LogarithmicScaleDown on): first the pod that should go first. The rank of a pod is the number
 * of active related pods on its node (getPodsRankedByRelatedPodsOnSameNode).
 */
final class PodRanking implements Comparator<JsonNode> {
  private static final Map<String, Integer> PHASE_ORDINAL = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

  private final Map<String, Integer> podsOnNode;
  private final Instant now;

  PodRanking(List<JsonNode> relatedPods, Instant now) {
    this.podsOnNode = new java.util.HashMap<>();
    for (JsonNode p : relatedPods) {
      if (Pods.isActive(p)) {
        podsOnNode.merge(Pods.nodeName(p), 1, Integer::sum);
      }
    }
    this.now = now;
  }

  private int rank(JsonNode pod) {
    return podsOnNode.getOrDefault(Pods.nodeName(pod), 0);
  }

  @Override
  public int compare(JsonNode a, JsonNode b) {
    return less(a, b) ? -1 : less(b, a) ? 1 : 0;
  }

  /** Whether a should be deleted before b. */
  boolean less(JsonNode a, JsonNode b) {
    String na = Pods.nodeName(a);
    String nb = Pods.nodeName(b);
    // 1. Unassigned < assigned
    if (!na.equals(nb) && (na.isEmpty() || nb.isEmpty())) {
      return na.isEmpty();
    }
    // 2. Pending < Unknown < Running
    int pa = PHASE_ORDINAL.getOrDefault(Pods.phase(a), 0);
    int pb = PHASE_ORDINAL.getOrDefault(Pods.phase(b), 0);
    if (pa != pb) {
      return pa < pb;
    }
    // 3. Not ready < ready
    if (Pods.isReady(a) != Pods.isReady(b)) {
      return !Pods.isReady(a);
    }
    // 4. Lower pod-deletion-cost < higher
    if (Pods.deletionCost(a) != Pods.deletionCost(b)) {
      return Pods.deletionCost(a) < Pods.deletionCost(b);
    }
    // 5. Doubled up < not doubled up
    if (rank(a) != rank(b)) {
      return rank(a) > rank(b);
    }
    // 6. Ready for a shorter time < longer (logarithmic buckets, then uid)
    if (Pods.isReady(a) && Pods.isReady(b)) {
      Instant ra = Pods.readyTime(a);
      Instant rb = Pods.readyTime(b);
      if (!java.util.Objects.equals(ra, rb)) {
        return newerByLogRank(ra, rb, a, b);
      }
    }
    // 7. More restarts < fewer
    if (Pods.maxContainerRestarts(a) != Pods.maxContainerRestarts(b)) {
      return Pods.maxContainerRestarts(a) > Pods.maxContainerRestarts(b);
    }
    // 8. Empty creation time < newer < older
    Instant ca = Objects.creationTimestamp(a);
    Instant cb = Objects.creationTimestamp(b);
    if (!java.util.Objects.equals(ca, cb)) {
      return newerByLogRank(ca, cb, a, b);
    }
    return false;
  }

  private boolean newerByLogRank(Instant ta, Instant tb, JsonNode a, JsonNode b) {
    if (now == null || ta == null || tb == null) {
      return afterOrZero(ta, tb);
    }
    long diff = logRank(ta) - logRank(tb);
    if (diff == 0) {
      return Objects.uid(a).compareTo(Objects.uid(b)) < 0;
    }
    return diff < 0;
  }

  /** floor(log2(now - t in nanoseconds)), -1 when t is not in the past (logarithmicRankDiff). */
  private long logRank(Instant t) {
    long d = Duration.between(t, now).toNanos();
    return d > 0 ? 63 - Long.numberOfLeadingZeros(d) : -1;
  }

  private static boolean afterOrZero(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == null;
    }
    return a.isAfter(b);
  }
}
