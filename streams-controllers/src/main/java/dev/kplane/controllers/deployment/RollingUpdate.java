package dev.kplane.controllers.deployment;

import static dev.kplane.controllers.deployment.DeploymentUtil.replicas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The RollingUpdate strategy (rolling.go): scale the new ReplicaSet up within maxSurge, old ones down within maxUnavailable. */
final class RollingUpdate {
  private RollingUpdate() {}

  static void rollout(Rollout r) {
    DeploymentSync.Sets s = DeploymentSync.sets(r, true);
    if (s.newRS() == null) {
      return; // a hash collision: the collision count is raised, the next sync uses another name
    }
    List<ObjectNode> all = s.all();
    if (reconcileNewReplicaSet(r, all, s.newRS())) {
      Progress.syncRolloutStatus(r, s);
      return;
    }
    if (reconcileOldReplicaSets(r, all, DeploymentUtil.active(s.oldRSs()), s.newRS())) {
      Progress.syncRolloutStatus(r, s);
      return;
    }
    if (Progress.deploymentComplete(r.d, r.status())) {
      DeploymentSync.cleanup(r, s.oldRSs());
    }
    Progress.syncRolloutStatus(r, s);
  }

  static boolean reconcileNewReplicaSet(Rollout r, List<ObjectNode> all, ObjectNode newRS) {
    int want = replicas(r.d);
    if (replicas(newRS) == want) {
      return false;
    }
    if (replicas(newRS) > want) {
      return DeploymentSync.scaleAndRecord(r, newRS, want);
    }
    return DeploymentSync.scaleAndRecord(r, newRS, DeploymentUtil.newRSNewReplicas(r.d, all, newRS));
  }

  static boolean reconcileOldReplicaSets(Rollout r, List<ObjectNode> all, List<ObjectNode> oldRSs, ObjectNode newRS) {
    int oldPods = DeploymentUtil.specReplicas(oldRSs);
    if (oldPods == 0) {
      return false;
    }
    int allPods = DeploymentUtil.specReplicas(all);
    int minAvailable = replicas(r.d) - DeploymentUtil.maxUnavailable(r.d);
    int newUnavailable = replicas(newRS) - DeploymentUtil.statusInt(newRS, "availableReplicas");
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return false;
    }
    List<ObjectNode> old = new ArrayList<>(oldRSs);
    int cleaned = cleanupUnhealthyReplicas(r, old, maxScaledDown);
    List<ObjectNode> allAfter = new ArrayList<>(old);
    allAfter.add(newRS);
    int scaledDown = scaleDownOldReplicaSets(r, allAfter, old);
    return cleaned + scaledDown > 0;
  }

  /** Scales down old ReplicaSets' unavailable replicas first: they would otherwise block the rollout. */
  static int cleanupUnhealthyReplicas(Rollout r, List<ObjectNode> oldRSs, int maxCleanup) {
    oldRSs.sort(DeploymentUtil.BY_CREATION);
    int total = 0;
    for (ObjectNode rs : oldRSs) {
      if (total >= maxCleanup) {
        break;
      }
      int available = DeploymentUtil.statusInt(rs, "availableReplicas");
      if (replicas(rs) == 0 || replicas(rs) == available) {
        continue;
      }
      int count = Math.min(maxCleanup - total, replicas(rs) - available);
      DeploymentSync.scaleAndRecord(r, rs, replicas(rs) - count);
      total += count;
    }
    return total;
  }

  /** scaleDownOldReplicaSetsForRollingUpdate: as far as availability above minAvailable allows, oldest first. */
  static int scaleDownOldReplicaSets(Rollout r, List<ObjectNode> all, List<ObjectNode> oldRSs) {
    int minAvailable = replicas(r.d) - DeploymentUtil.maxUnavailable(r.d);
    int available = DeploymentUtil.statusSum(all, "availableReplicas");
    if (available <= minAvailable) {
      return 0;
    }
    oldRSs.sort(DeploymentUtil.BY_CREATION);
    int total = 0;
    int target = available - minAvailable;
    for (ObjectNode rs : oldRSs) {
      if (total >= target) {
        break;
      }
      if (replicas(rs) == 0) {
        continue;
      }
      int count = Math.min(replicas(rs), target - total);
      DeploymentSync.scaleAndRecord(r, rs, replicas(rs) - count);
      total += count;
    }
    return total;
  }
}
