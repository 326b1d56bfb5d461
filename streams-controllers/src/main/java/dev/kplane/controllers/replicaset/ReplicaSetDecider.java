package dev.kplane.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decisions of the ReplicaSet controller (replica_set.go, replica_set_utils.go, controller_ref_manager.go), as pure
 * functions of the ReplicaSet, its pods and the time.
 */
public final class ReplicaSetDecider {
  /** kube's burstReplicas: at most this many creates or deletes per sync. */
  public static final int BURST_REPLICAS = 500;

  private ReplicaSetDecider() {}

  /** What manageReplicas does: create some pods, or delete these. */
  public record Manage(int create, List<JsonNode> delete) {
    static final Manage NOTHING = new Manage(0, List.of());
  }

  /**
   * Compares active claimed pods with spec.replicas: creates the shortfall or deletes the surplus, at most
   * {@link #BURST_REPLICAS} at a time, deleting first the pods {@link PodRanking} puts first.
   *
   * @param relatedPods the pods of every ReplicaSet with the same controller (the Deployment's), for the rank
   */
  public static Manage manageReplicas(JsonNode rs, List<JsonNode> pods, List<JsonNode> relatedPods, Instant now) {
    int diff = pods.size() - replicas(rs);
    if (diff < 0) {
      return new Manage(Math.min(-diff, BURST_REPLICAS), List.of());
    }
    if (diff > 0) {
      return new Manage(0, podsToDelete(pods, relatedPods, Math.min(diff, BURST_REPLICAS), now));
    }
    return Manage.NOTHING;
  }

  /** getPodsToDelete: the first diff pods in deletion order. */
  static List<JsonNode> podsToDelete(List<JsonNode> pods, List<JsonNode> relatedPods, int diff, Instant now) {
    List<JsonNode> sorted = new ArrayList<>(pods);
    if (diff < pods.size()) {
      sorted.sort(new PodRanking(relatedPods, now));
    }
    return List.copyOf(sorted.subList(0, diff));
  }

  public static int replicas(JsonNode rs) {
    JsonNode r = rs.path("spec").path("replicas");
    return r.isMissingNode() || r.isNull() ? 1 : r.asInt();
  }

  /**
   * calculateStatus: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas from the claimed active pods
   * (observedGeneration is set when the status is written). The ReplicaFailure condition is kept as it is.
   */
  public static ObjectNode calculateStatus(JsonNode rs, List<JsonNode> pods, Instant now) {
    ObjectNode status = rs.path("status") instanceof ObjectNode s ? s.deepCopy()
        : dev.kplane.schemas.Json.MAPPER.createObjectNode();
    Map<String, String> templateLabels = Objects.strings(rs.path("spec").path("template").path("metadata").path("labels"));
    int minReadySeconds = rs.path("spec").path("minReadySeconds").asInt();
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    for (JsonNode pod : pods) {
      Map<String, String> labels = Objects.labels(pod);
      if (labels.entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      if (Pods.isReady(pod)) {
        ready++;
        if (Pods.isAvailable(pod, minReadySeconds, now)) {
          available++;
        }
      }
    }
    status.put("replicas", pods.size());
    putOrOmit(status, "fullyLabeledReplicas", fullyLabeled);
    putOrOmit(status, "readyReplicas", ready);
    putOrOmit(status, "availableReplicas", available);
    return status;
  }

  /** The status fields are omitempty int32s: zero is left out, as kube-apiserver serializes them. */
  private static void putOrOmit(ObjectNode status, String field, int value) {
    if (value == 0) {
      status.remove(field);
    } else {
      status.put(field, value);
    }
  }

  /**
   * The ReplicaFailure condition while creates or deletes fail (calculateStatus): set once with the failure's
   * reason and message, removed when nothing fails any more.
   *
   * @param failure {reason, message} of the last refused request, or null
   */
  public static void replicaFailure(ObjectNode status, JsonNode failure, Instant now) {
    com.fasterxml.jackson.databind.node.ArrayNode kept = dev.kplane.schemas.Json.MAPPER.createArrayNode();
    JsonNode current = null;
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asText().equals("ReplicaFailure")) {
        current = c;
      } else {
        kept.add(c);
      }
    }
    if (failure != null && current == null) {
      kept.addObject().put("type", "ReplicaFailure").put("status", "True").put("lastTransitionTime", now.toString())
          .put("reason", failure.path("reason").asText()).put("message", failure.path("message").asText());
    } else if (failure != null) {
      kept.add(current);
    }
    if (kept.isEmpty()) {
      status.remove("conditions");
    } else {
      status.set("conditions", kept);
    }
  }

  private static final List<String> COUNTS =
      List.of("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration");

  /**
   * The status to write with observedGeneration, or null when the stored status already says it (counts compared
   * as numbers, absent = 0, so a server that spells zeros differently causes no write loop).
   */
  public static ObjectNode statusUpdate(JsonNode rs, ObjectNode status) {
    ObjectNode next = status.deepCopy();
    next.put("observedGeneration", Objects.generation(rs));
    JsonNode current = rs.path("status");
    for (String f : COUNTS) {
      if (next.path(f).asLong() != current.path(f).asLong()) {
        return next;
      }
    }
    return next.path("conditions").equals(current.path("conditions")) ? null : next;
  }

  /**
   * Whether to look again after minReadySeconds: all ready but not all available (syncReplicaSet's AddAfter).
   */
  public static boolean awaitsAvailability(JsonNode rs, ObjectNode status) {
    int replicas = replicas(rs);
    return rs.path("spec").path("minReadySeconds").asInt() > 0
        && status.path("readyReplicas").asInt() == replicas
        && status.path("availableReplicas").asInt() != replicas;
  }
}
