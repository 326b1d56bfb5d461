package dev.kplane.controllers.deployment;

import static dev.kplane.controllers.deployment.DeploymentUtil.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.OwnerReferences;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** syncDeployment and the shared steps of sync.go: the new ReplicaSet, scaling, clean-up, paused conditions. */
final class DeploymentSync {
  static final String API_VERSION = "apps/v1";
  static final String KIND = "Deployment";

  private DeploymentSync() {}

  /** The new ReplicaSet (null if none) and the old ones. */
  record Sets(ObjectNode newRS, List<ObjectNode> oldRSs) {
    List<ObjectNode> all() {
      List<ObjectNode> all = new ArrayList<>(oldRSs);
      if (newRS != null) {
        all.add(newRS);
      }
      return all;
    }
  }

  static void syncDeployment(Rollout r) {
    JsonNode selector = r.d.path("spec").path("selector");
    if (selector.isObject() && selector.isEmpty()) {
      if (DeploymentUtil.statusInt(r.d, "observedGeneration") < Objects.generation(r.d)) {
        r.status().put("observedGeneration", Objects.generation(r.d));
      }
      return;
    }
    if (Objects.isBeingDeleted(r.d)) {
      Sets s = sets(r, false);
      Progress.syncDeploymentStatus(r, s);
      return;
    }
    checkPausedConditions(r);
    if (r.d.path("spec").path("paused").asBoolean(false)) {
      sync(r);
      return;
    }
    if (isScalingEvent(r)) {
      sync(r);
      return;
    }
    if (DeploymentUtil.isRollingUpdate(r.d)) {
      RollingUpdate.rollout(r);
    } else {
      Recreate.rollout(r);
    }
  }

  /** sync: scale (paused or scaling event), clean up when paused, status. */
  static void sync(Rollout r) {
    Sets s = sets(r, false);
    scale(r, s);
    if (r.d.path("spec").path("paused").asBoolean(false)) {
      cleanup(r, s.oldRSs());
    }
    Progress.syncDeploymentStatus(r, s);
  }

  /** getAllReplicaSetsAndSyncRevision. */
  static Sets sets(Rollout r, boolean createIfNotExisted) {
    ObjectNode found = DeploymentUtil.findNewReplicaSet(r.d, r.rsList);
    List<ObjectNode> old = DeploymentUtil.oldReplicaSets(r.rsList, found);
    return new Sets(newReplicaSet(r, found, old, createIfNotExisted), old);
  }

  /** getNewReplicaSet: brings the existing new ReplicaSet's annotations up to date, or creates it. */
  private static ObjectNode newReplicaSet(Rollout r, ObjectNode existing, List<ObjectNode> old, boolean create) {
    String newRevision = Long.toString(DeploymentUtil.maxRevision(old) + 1);
    ObjectNode d = r.d;
    if (existing != null) {
      boolean annotationsUpdated = DeploymentUtil.setNewReplicaSetAnnotations(d, existing, newRevision, true);
      int minReady = d.path("spec").path("minReadySeconds").asInt();
      if (annotationsUpdated || existing.path("spec").path("minReadySeconds").asInt() != minReady) {
        ((ObjectNode) existing.get("spec")).put("minReadySeconds", minReady);
        r.update(existing);
        return existing;
      }
      setDeploymentRevision(d, Objects.annotation(existing, DeploymentUtil.REVISION));
      if (DeploymentUtil.hasProgressDeadline(d) && Conditions.get(r.status(), Conditions.PROGRESSING) == null) {
        Conditions.set(r.status(), Conditions.condition(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS_REASON,
            "Found new replica set \"" + Objects.name(existing) + "\"", r.now));
      }
      return existing;
    }
    if (!create) {
      return null;
    }
    JsonNode collisions = d.path("status").path("collisionCount");
    String hash = PodTemplateHash.compute(d.path("spec").path("template"),
        collisions.isMissingNode() || collisions.isNull() ? null : collisions.asInt());
    ObjectNode template = d.path("spec").path("template").deepCopy();
    ObjectNode tmeta = template.get("metadata") instanceof ObjectNode m ? m : template.putObject("metadata");
    ObjectNode labels = tmeta.get("labels") instanceof ObjectNode l ? l : tmeta.putObject("labels");
    labels.put(DeploymentUtil.POD_TEMPLATE_HASH, hash);
    ObjectNode selector = d.path("spec").path("selector").deepCopy();
    ObjectNode matchLabels = selector.get("matchLabels") instanceof ObjectNode ml ? ml : selector.putObject("matchLabels");
    matchLabels.put(DeploymentUtil.POD_TEMPLATE_HASH, hash);

    String name = Objects.name(d) + "-" + hash;
    JsonNode clash = r.rsByName.get(name);
    if (clash != null) {
      // The deterministic name is taken by a ReplicaSet that is not ours or has another template: a hash collision.
      if (!(OwnerReferences.isControlledBy(clash, d)
          && DeploymentUtil.equalIgnoreHash(d.path("spec").path("template"), clash.path("spec").path("template")))) {
        r.status().put("collisionCount", collisions.asInt(0) + 1);
      }
      return null;
    }
    ObjectNode rs = Json.MAPPER.createObjectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", name).put("namespace", Objects.namespace(d));
    meta.set("labels", labels.deepCopy());
    meta.putArray("ownerReferences").add(OwnerReferences.controllerRef(d, API_VERSION, KIND));
    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", 0);
    spec.put("minReadySeconds", d.path("spec").path("minReadySeconds").asInt());
    spec.set("selector", selector);
    spec.set("template", template);
    List<ObjectNode> all = new ArrayList<>(old);
    all.add(rs);
    spec.put("replicas", DeploymentUtil.newRSNewReplicas(d, all, rs));
    DeploymentUtil.setNewReplicaSetAnnotations(d, rs, newRevision, false);
    r.create(rs);
    setDeploymentRevision(d, newRevision);
    if (DeploymentUtil.hasProgressDeadline(d)) {
      Conditions.set(r.status(), Conditions.condition(Conditions.PROGRESSING, "True", Conditions.NEW_RS_REASON,
          "Created new replica set \"" + name + "\"", r.now));
    }
    return rs;
  }

  /** SetDeploymentRevision. */
  private static void setDeploymentRevision(ObjectNode d, String revision) {
    if (revision != null && !revision.equals(Objects.annotation(d, DeploymentUtil.REVISION))) {
      DeploymentUtil.annotations(d).put(DeploymentUtil.REVISION, revision);
    }
  }

  /** isScalingEvent: an active ReplicaSet was last sized for another spec.replicas. */
  static boolean isScalingEvent(Rollout r) {
    Sets s = sets(r, false);
    for (ObjectNode rs : DeploymentUtil.active(s.all())) {
      String desired = Objects.annotation(rs, DeploymentUtil.DESIRED_REPLICAS);
      if (desired == null) {
        continue;
      }
      try {
        if (Integer.parseInt(desired) != replicas(r.d)) {
          return true;
        }
      } catch (NumberFormatException e) {
        // kube skips an unparsable annotation
      }
    }
    return false;
  }

  /** scale: the one active ReplicaSet to full size, or old ones to zero, or all proportionally (rolling). */
  static void scale(Rollout r, Sets s) {
    ObjectNode d = r.d;
    ObjectNode activeOrLatest = activeOrLatest(s);
    if (activeOrLatest != null) {
      if (replicas(activeOrLatest) != replicas(d)) {
        scaleAndRecord(r, activeOrLatest, replicas(d));
      }
      return;
    }
    if (DeploymentUtil.isSaturated(d, s.newRS())) {
      for (ObjectNode old : DeploymentUtil.active(s.oldRSs())) {
        scaleAndRecord(r, old, 0);
      }
      return;
    }
    if (!DeploymentUtil.isRollingUpdate(d)) {
      return;
    }
    List<ObjectNode> all = new ArrayList<>(DeploymentUtil.active(s.all()));
    int allowed = replicas(d) > 0 ? replicas(d) + DeploymentUtil.maxSurge(d) : 0;
    int toAdd = allowed - DeploymentUtil.specReplicas(all);
    Comparator<JsonNode> bySize = Comparator.comparingInt((JsonNode rs) -> replicas(rs)).reversed();
    if (toAdd > 0) {
      all.sort(bySize.thenComparing(DeploymentUtil.BY_CREATION.reversed()));
    } else if (toAdd < 0) {
      all.sort(bySize.thenComparing(DeploymentUtil.BY_CREATION));
    }
    int added = 0;
    int[] sizes = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      int p = toAdd != 0 ? DeploymentUtil.proportion(all.get(i), d, toAdd, added) : 0;
      sizes[i] = replicas(all.get(i)) + p;
      added += p;
    }
    for (int i = 0; i < all.size(); i++) {
      if (i == 0 && toAdd != 0) {
        sizes[0] = Math.max(0, sizes[0] + toAdd - added);
      }
      scaleReplicaSet(r, all.get(i), sizes[i]);
    }
  }

  /** FindActiveOrLatest. */
  private static ObjectNode activeOrLatest(Sets s) {
    if (s.newRS() == null && s.oldRSs().isEmpty()) {
      return null;
    }
    List<ObjectNode> old = new ArrayList<>(s.oldRSs());
    old.sort(DeploymentUtil.BY_CREATION.reversed());
    List<ObjectNode> all = new ArrayList<>(old);
    if (s.newRS() != null) {
      all.add(s.newRS());
    }
    List<ObjectNode> active = DeploymentUtil.active(all);
    if (active.isEmpty()) {
      return s.newRS() != null ? s.newRS() : old.get(0);
    }
    return active.size() == 1 ? active.get(0) : null;
  }

  /** scaleReplicaSetAndRecordEvent: true when the size changed. */
  static boolean scaleAndRecord(Rollout r, ObjectNode rs, int size) {
    return replicas(rs) != size && scaleReplicaSet(r, rs, size);
  }

  /** scaleReplicaSet: size and the desired/max annotations; true when the size changed. */
  static boolean scaleReplicaSet(Rollout r, ObjectNode rs, int size) {
    int desired = replicas(r.d);
    int max = desired + DeploymentUtil.maxSurge(r.d);
    boolean sizeChanged = replicas(rs) != size;
    if (sizeChanged || DeploymentUtil.replicasAnnotationsNeedUpdate(rs, desired, max)) {
      DeploymentUtil.setReplicas(rs, size);
      DeploymentUtil.setReplicasAnnotations(rs, desired, max);
      r.update(rs);
    }
    return sizeChanged;
  }

  /** cleanupDeployment: deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
  static void cleanup(Rollout r, List<ObjectNode> oldRSs) {
    if (!DeploymentUtil.hasRevisionHistoryLimit(r.d)) {
      return;
    }
    List<ObjectNode> cleanable = new ArrayList<>(oldRSs.stream().filter(rs -> !Objects.isBeingDeleted(rs)).toList());
    int diff = cleanable.size() - r.d.path("spec").path("revisionHistoryLimit").asInt();
    if (diff <= 0) {
      return;
    }
    cleanable.sort(DeploymentUtil.BY_REVISION);
    for (int i = 0; i < diff; i++) {
      ObjectNode rs = cleanable.get(i);
      if (DeploymentUtil.statusInt(rs, "replicas") != 0 || replicas(rs) != 0
          || Objects.generation(rs) > DeploymentUtil.statusInt(rs, "observedGeneration")
          || r.created.contains(Objects.name(rs)) || r.updated.contains(Objects.name(rs))) {
        continue;
      }
      r.delete(rs);
    }
  }

  /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
  static void checkPausedConditions(Rollout r) {
    if (!DeploymentUtil.hasProgressDeadline(r.d)) {
      return;
    }
    JsonNode cond = Conditions.get(r.status(), Conditions.PROGRESSING);
    if (cond != null && cond.path("reason").asText().equals(Conditions.TIMED_OUT_REASON)) {
      return;
    }
    boolean pausedCondExists = cond != null && cond.path("reason").asText().equals(Conditions.PAUSED_REASON);
    boolean paused = r.d.path("spec").path("paused").asBoolean(false);
    if (paused && !pausedCondExists) {
      Conditions.set(r.status(), Conditions.condition(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED_REASON,
          "Deployment is paused", r.now));
    } else if (!paused && pausedCondExists) {
      Conditions.set(r.status(), Conditions.condition(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED_REASON,
          "Deployment is resumed", r.now));
    }
  }
}
