package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** apps/v1 defaults.go (1.32 feature gates: StatefulSetAutoDeletePVC on, MaxUnavailableStatefulSet off). */
final class AppsDefaults {
  private AppsDefaults() {}

  static void apply(String resource, ObjectNode obj) {
    ObjectNode spec = Nodes.childOrCreate(obj, "spec");
    switch (resource) {
      case "deployments" -> deployment(spec);
      case "replicasets" -> Nodes.defaultLong(spec, "replicas", 1);
      case "daemonsets" -> daemonSet(spec);
      case "statefulsets" -> statefulSet(spec);
      default -> {
        return;
      }
    }
    PodSpecDefaults.template(Nodes.child(spec, "template"));
  }

  private static void deployment(ObjectNode spec) {
    Nodes.defaultLong(spec, "replicas", 1);
    ObjectNode strategy = Nodes.childOrCreate(spec, "strategy");
    Nodes.defaultString(strategy, "type", "RollingUpdate");
    if (Nodes.text(strategy, "type").equals("RollingUpdate")) {
      ObjectNode rolling = Nodes.childOrCreate(strategy, "rollingUpdate");
      if (Nodes.isUnset(rolling, "maxUnavailable")) {
        rolling.put("maxUnavailable", "25%");
      }
      if (Nodes.isUnset(rolling, "maxSurge")) {
        rolling.put("maxSurge", "25%");
      }
    }
    Nodes.defaultLong(spec, "revisionHistoryLimit", 10);
    Nodes.defaultLong(spec, "progressDeadlineSeconds", 600);
  }

  private static void daemonSet(ObjectNode spec) {
    ObjectNode strategy = Nodes.childOrCreate(spec, "updateStrategy");
    Nodes.defaultString(strategy, "type", "RollingUpdate");
    if (Nodes.text(strategy, "type").equals("RollingUpdate")) {
      ObjectNode rolling = Nodes.childOrCreate(strategy, "rollingUpdate");
      Nodes.defaultLong(rolling, "maxUnavailable", 1);
      Nodes.defaultLong(rolling, "maxSurge", 0);
    }
    Nodes.defaultLong(spec, "revisionHistoryLimit", 10);
  }

  private static void statefulSet(ObjectNode spec) {
    Nodes.defaultString(spec, "podManagementPolicy", "OrderedReady");
    ObjectNode strategy = Nodes.childOrCreate(spec, "updateStrategy");
    if (Nodes.isEmptyString(strategy, "type")) {
      strategy.put("type", "RollingUpdate");
      Nodes.childOrCreate(strategy, "rollingUpdate");
    }
    ObjectNode rolling = Nodes.child(strategy, "rollingUpdate");
    if (Nodes.text(strategy, "type").equals("RollingUpdate") && rolling != null) {
      Nodes.defaultLong(rolling, "partition", 0);
    }
    ObjectNode retention = Nodes.childOrCreate(spec, "persistentVolumeClaimRetentionPolicy");
    Nodes.defaultString(retention, "whenDeleted", "Retain");
    Nodes.defaultString(retention, "whenScaled", "Retain");
    Nodes.defaultLong(spec, "replicas", 1);
    Nodes.defaultLong(spec, "revisionHistoryLimit", 10);
    Nodes.items(spec, "volumeClaimTemplates").forEach(CoreDefaults::persistentVolumeClaim);
  }
}
