package dev.kplane.controllers.deployment;

import static dev.kplane.controllers.deployment.DeploymentUtil.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import java.util.List;
import java.util.Map;

/** The Recreate strategy (recreate.go): old ReplicaSets to zero, wait until their pods are gone, then the new one. */
final class Recreate {
  private Recreate() {}

  static void rollout(Rollout r) {
    DeploymentSync.Sets s = DeploymentSync.sets(r, false);
    boolean scaledDown = false;
    for (ObjectNode rs : DeploymentUtil.active(s.oldRSs())) {
      scaledDown |= DeploymentSync.scaleAndRecord(r, rs, 0);
    }
    if (scaledDown || oldPodsRunning(s.newRS(), s.oldRSs(), r.podsByRsUid)) {
      Progress.syncRolloutStatus(r, s);
      return;
    }
    if (s.newRS() == null) {
      s = DeploymentSync.sets(r, true);
      if (s.newRS() == null) {
        return; // a hash collision
      }
    }
    DeploymentSync.scaleAndRecord(r, s.newRS(), replicas(r.d));
    if (Progress.deploymentComplete(r.d, r.status())) {
      DeploymentSync.cleanup(r, s.oldRSs());
    }
    Progress.syncRolloutStatus(r, s);
  }

  /** oldPodsRunning: old ReplicaSets still report pods, or a pod of theirs is neither Failed nor Succeeded. */
  static boolean oldPodsRunning(ObjectNode newRS, List<ObjectNode> oldRSs, Map<String, List<JsonNode>> podsByRsUid) {
    if (DeploymentUtil.statusSum(oldRSs, "replicas") > 0) {
      return true;
    }
    for (Map.Entry<String, List<JsonNode>> e : podsByRsUid.entrySet()) {
      if (newRS != null && e.getKey().equals(Objects.uid(newRS))) {
        continue;
      }
      for (JsonNode pod : e.getValue()) {
        String phase = pod.path("status").path("phase").asText();
        if (!phase.equals("Failed") && !phase.equals("Succeeded")) {
          return true;
        }
      }
    }
    return false;
  }
}
