package dev.kplane.controllers.objects;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Pod state as controllers judge it (k8s.io/kubernetes/pkg/api/v1/pod and controller_utils.go). */
public final class Pods {
  /** The annotation that orders pods for scale-down (pod-deletion-cost, GA in 1.32). */
  public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  private Pods() {}

  public static String phase(JsonNode pod) {
    return pod.path("status").path("phase").asText("");
  }

  public static String nodeName(JsonNode pod) {
    return pod.path("spec").path("nodeName").asText("");
  }

  /** Not Succeeded, not Failed, not being deleted (controller.IsPodActive). */
  public static boolean isActive(JsonNode pod) {
    String phase = phase(pod);
    return !phase.equals("Succeeded") && !phase.equals("Failed") && !Objects.isBeingDeleted(pod);
  }

  /** The Ready condition, or a missing node. */
  public static JsonNode readyCondition(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  public static boolean isReady(JsonNode pod) {
    return readyCondition(pod).path("status").asText().equals("True");
  }

  /** When the pod became ready; null when not ready or unknown. */
  public static Instant readyTime(JsonNode pod) {
    return isReady(pod) ? Objects.time(readyCondition(pod).path("lastTransitionTime")) : null;
  }

  /** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
  public static boolean isAvailable(JsonNode pod, int minReadySeconds, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReadySeconds == 0) {
      return true;
    }
    Instant since = Objects.time(readyCondition(pod).path("lastTransitionTime"));
    return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
  }

  public static int maxContainerRestarts(JsonNode pod) {
    int max = 0;
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      max = Math.max(max, c.path("restartCount").asInt());
    }
    return max;
  }

  /** The pod-deletion-cost annotation; 0 when absent or not an int32 (helper.GetDeletionCostFromPodAnnotations). */
  public static int deletionCost(JsonNode pod) {
    String v = Objects.annotation(pod, DELETION_COST);
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
