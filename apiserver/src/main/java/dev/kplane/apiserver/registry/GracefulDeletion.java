package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.ResourceType;
import java.time.Instant;

/**
 * The pure decisions of a DELETE (k8s.io/apiserver registry/rest/delete.go and the pod strategy's
 * CheckGracefulDelete): how long an object may take to go, and which garbage-collection finalizer it gets.
 */
final class GracefulDeletion {
  /** A pod's terminationGracePeriodSeconds when it has none. */
  private static final long DEFAULT_POD_GRACE = 30;

  private GracefulDeletion() {}

  /**
   * Seconds the object may take to terminate: 0 for everything but pods; for a pod the requested period, else
   * its terminationGracePeriodSeconds, and 0 when it is not on a node or has already finished.
   */
  static long gracePeriod(ResourceType type, JsonNode obj, Long requested) {
    if (!type.group().isEmpty() || !type.resource().equals("pods")) {
      return 0;
    }
    long period = requested != null ? requested : obj.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_POD_GRACE);
    String phase = obj.path("status").path("phase").asText("");
    if (obj.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      return 0;
    }
    return period < 0 ? 1 : period;
  }

  /** Sets deletionTimestamp (now + grace) and deletionGracePeriodSeconds. */
  static void markDeleted(ObjectNode obj, long grace, Instant now) {
    Meta.metadata(obj).put("deletionTimestamp", Meta.timestamp(now.plusSeconds(grace)));
    Meta.metadata(obj).put("deletionGracePeriodSeconds", grace);
  }

  /**
   * A second DELETE of an object already terminating may only shorten its grace period. Returns whether it
   * did; a grace period of 0 also drops deletionGracePeriodSeconds to 0 so the object can go at once.
   */
  static boolean shorten(ObjectNode obj, long grace, Instant now) {
    JsonNode current = obj.path("metadata").path("deletionGracePeriodSeconds");
    if (!current.isNumber() || grace >= current.asLong()) {
      return false;
    }
    markDeleted(obj, grace, now);
    return true;
  }

  /**
   * Orphan adds the {@code orphan} finalizer, Foreground {@code foregroundDeletion}, Background removes both;
   * no policy leaves them alone. Returns whether the finalizers changed.
   */
  static boolean applyPropagation(ObjectNode obj, String policy) {
    if (policy == null) {
      return false;
    }
    boolean changed = false;
    switch (policy) {
      case "Orphan" -> {
        changed |= remove(obj, DeleteOptions.FOREGROUND_FINALIZER);
        changed |= add(obj, DeleteOptions.ORPHAN_FINALIZER);
      }
      case "Foreground" -> {
        changed |= remove(obj, DeleteOptions.ORPHAN_FINALIZER);
        changed |= add(obj, DeleteOptions.FOREGROUND_FINALIZER);
      }
      default -> {
        changed |= remove(obj, DeleteOptions.ORPHAN_FINALIZER);
        changed |= remove(obj, DeleteOptions.FOREGROUND_FINALIZER);
      }
    }
    return changed;
  }

  private static boolean add(ObjectNode obj, String finalizer) {
    ArrayNode f = Meta.metadata(obj).withArrayProperty("finalizers");
    for (JsonNode n : f) {
      if (n.asText().equals(finalizer)) {
        return false;
      }
    }
    f.add(finalizer);
    return true;
  }

  private static boolean remove(ObjectNode obj, String finalizer) {
    JsonNode f = obj.path("metadata").path("finalizers");
    for (int i = 0; i < f.size(); i++) {
      if (f.get(i).asText().equals(finalizer)) {
        ((ArrayNode) f).remove(i);
        if (f.isEmpty()) {
          Meta.metadata(obj).remove("finalizers");
        }
        return true;
      }
    }
    return false;
  }
}
