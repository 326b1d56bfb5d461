package dev.kplane.controllers.deployment;

import static dev.kplane.controllers.deployment.DeploymentUtil.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Deployment status and the Progressing/Available conditions (sync.go calculateStatus, progress.go). */
final class Progress {
  private static final List<String> COUNTS = List.of("observedGeneration", "replicas", "updatedReplicas",
      "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount");

  private Progress() {}

  /** calculateStatus: counts from the ReplicaSets' status, the conditions carried over, Available recomputed. */
  static ObjectNode calculateStatus(Rollout r, DeploymentSync.Sets s) {
    ObjectNode d = r.d;
    List<ObjectNode> all = s.all();
    int available = DeploymentUtil.statusSum(all, "availableReplicas");
    int total = DeploymentUtil.specReplicas(all);
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("observedGeneration", Objects.generation(d));
    status.put("replicas", DeploymentUtil.statusSum(all, "replicas"));
    status.put("updatedReplicas", DeploymentUtil.statusInt(s.newRS(), "replicas"));
    status.put("readyReplicas", DeploymentUtil.statusSum(all, "readyReplicas"));
    status.put("availableReplicas", available);
    status.put("unavailableReplicas", Math.max(0, total - available));
    JsonNode collisions = r.status().path("collisionCount");
    if (!collisions.isMissingNode() && !collisions.isNull()) {
      status.set("collisionCount", collisions);
    }
    if (r.status().has("conditions")) {
      status.set("conditions", r.status().get("conditions").deepCopy());
    }
    if (available >= replicas(d) - DeploymentUtil.maxUnavailable(d)) {
      Conditions.set(status, Conditions.condition(Conditions.AVAILABLE, "True", Conditions.MIN_AVAILABLE,
          "Deployment has minimum availability.", r.now));
    } else {
      Conditions.set(status, Conditions.condition(Conditions.AVAILABLE, "False", Conditions.MIN_UNAVAILABLE,
          "Deployment does not have minimum availability.", r.now));
    }
    return omitZeros(status);
  }

  /** syncDeploymentStatus. */
  static void syncDeploymentStatus(Rollout r, DeploymentSync.Sets s) {
    r.d.set("status", calculateStatus(r, s));
  }

  /** syncRolloutStatus: the status, and the Progressing condition judged against the progress deadline. */
  static void syncRolloutStatus(Rollout r, DeploymentSync.Sets s) {
    ObjectNode d = r.d;
    ObjectNode old = r.status().deepCopy();
    ObjectNode status = calculateStatus(r, s);
    if (!DeploymentUtil.hasProgressDeadline(d)) {
      Conditions.remove(status, Conditions.PROGRESSING);
    }
    JsonNode current = Conditions.get(old, Conditions.PROGRESSING);
    boolean complete = status.path("replicas").asInt() == status.path("updatedReplicas").asInt()
        && current != null && current.path("reason").asText().equals(Conditions.NEW_RS_AVAILABLE_REASON);
    String rsName = s.newRS() == null ? null : Objects.name(s.newRS());
    if (DeploymentUtil.hasProgressDeadline(d) && !complete) {
      if (deploymentComplete(d, status)) {
        Conditions.set(status, Conditions.condition(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE_REASON,
            rsName != null ? "ReplicaSet \"" + rsName + "\" has successfully progressed."
                : "Deployment \"" + Objects.name(d) + "\" has successfully progressed.", r.now));
      } else if (deploymentProgressing(old, status)) {
        ObjectNode c = Conditions.condition(Conditions.PROGRESSING, "True", Conditions.RS_UPDATED_REASON,
            rsName != null ? "ReplicaSet \"" + rsName + "\" is progressing."
                : "Deployment \"" + Objects.name(d) + "\" is progressing.", r.now);
        if (current != null) {
          if (current.path("status").asText().equals("True")) {
            c.set("lastTransitionTime", current.get("lastTransitionTime"));
          }
          Conditions.remove(status, Conditions.PROGRESSING);
        }
        Conditions.set(status, c);
      } else if (timedOut(d, status, r.now)) {
        Conditions.set(status, Conditions.condition(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT_REASON,
            rsName != null ? "ReplicaSet \"" + rsName + "\" has timed out progressing."
                : "Deployment \"" + Objects.name(d) + "\" has timed out progressing.", r.now));
      }
    }
    replicaFailure(status, s);
    if (sameStatus(old, status)) {
      requeueStuck(r, status);
      return;
    }
    d.set("status", status);
  }

  /** The newest ReplicaSet's ReplicaFailure condition becomes the Deployment's (getReplicaFailures). */
  private static void replicaFailure(ObjectNode status, DeploymentSync.Sets s) {
    JsonNode failure = null;
    for (ObjectNode rs : s.all()) {
      JsonNode c = Conditions.get(rs.path("status"), Conditions.REPLICA_FAILURE);
      if (c != null) {
        failure = c;
      }
    }
    if (failure != null) {
      Conditions.set(status, ((ObjectNode) failure).deepCopy());
    } else {
      Conditions.remove(status, Conditions.REPLICA_FAILURE);
    }
  }

  /** DeploymentComplete. */
  static boolean deploymentComplete(JsonNode d, JsonNode status) {
    int n = replicas(d);
    return status.path("updatedReplicas").asInt() == n && status.path("replicas").asInt() == n
        && status.path("availableReplicas").asInt() == n
        && status.path("observedGeneration").asLong() >= Objects.generation(d);
  }

  /** DeploymentProgressing: more updated, fewer old, more ready or more available replicas than before. */
  static boolean deploymentProgressing(JsonNode old, JsonNode status) {
    int oldOld = old.path("replicas").asInt() - old.path("updatedReplicas").asInt();
    int newOld = status.path("replicas").asInt() - status.path("updatedReplicas").asInt();
    return status.path("updatedReplicas").asInt() > old.path("updatedReplicas").asInt()
        || newOld < oldOld
        || status.path("readyReplicas").asInt() > old.path("readyReplicas").asInt()
        || status.path("availableReplicas").asInt() > old.path("availableReplicas").asInt();
  }

  /** DeploymentTimedOut: no progress noted for progressDeadlineSeconds. */
  static boolean timedOut(JsonNode d, JsonNode status, Instant now) {
    if (!DeploymentUtil.hasProgressDeadline(d)) {
      return false;
    }
    JsonNode c = Conditions.get(status, Conditions.PROGRESSING);
    if (c == null) {
      return false;
    }
    String reason = c.path("reason").asText();
    if (reason.equals(Conditions.NEW_RS_AVAILABLE_REASON)) {
      return false;
    }
    if (reason.equals(Conditions.TIMED_OUT_REASON)) {
      return true;
    }
    Instant from = Conditions.time(c, "lastUpdateTime");
    long deadline = d.path("spec").path("progressDeadlineSeconds").asLong();
    return from != null && from.plusSeconds(deadline).isBefore(now);
  }

  /** requeueStuckDeployment: look again when the deadline would pass. */
  private static void requeueStuck(Rollout r, ObjectNode status) {
    JsonNode c = Conditions.get(status, Conditions.PROGRESSING);
    if (c == null || !DeploymentUtil.hasProgressDeadline(r.d) || deploymentComplete(r.d, status)
        || c.path("reason").asText().equals(Conditions.TIMED_OUT_REASON)) {
      return;
    }
    Instant from = Conditions.time(c, "lastUpdateTime");
    if (from == null) {
      return;
    }
    Instant after = from.plusSeconds(r.d.path("spec").path("progressDeadlineSeconds").asLong());
    Duration wait = Duration.between(r.now, after).plusSeconds(1);
    r.requeue(wait.isNegative() ? Duration.ofSeconds(1) : wait);
  }

  /** Equal statuses, counts compared as numbers (absent = 0), so zero spelled or omitted is no change. */
  static boolean sameStatus(JsonNode a, JsonNode b) {
    for (String f : COUNTS) {
      if (a.path(f).asLong() != b.path(f).asLong()) {
        return false;
      }
    }
    return a.path("conditions").equals(b.path("conditions"));
  }

  /** apps/v1 DeploymentStatus counts are omitempty: zero is left out, as kube-apiserver writes them. */
  private static ObjectNode omitZeros(ObjectNode status) {
    for (String f : COUNTS) {
      if (status.has(f) && status.get(f).asLong() == 0 && !f.equals("collisionCount")) {
        status.remove(f);
      }
    }
    return status;
  }
}
