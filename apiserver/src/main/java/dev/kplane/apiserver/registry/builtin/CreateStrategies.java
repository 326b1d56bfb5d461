package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.List;
import java.util.Map;

/**
 * What kube-apiserver sets on create outside defaulting, as plain field settings: the registry strategies'
 * PrepareForCreate (status reset, Job selector generation, Namespace finalizer), the Service REST layer's IP
 * family fields (not the IP allocation), and the mutating admission plugins Priority, DefaultTolerationSeconds
 * and ServiceAccount (the account name only; no token volume).
 */
final class CreateStrategies {
  /** The status each strategy resets to, as Go serializes the zero status (non-omitempty fields included). */
  private static final Map<String, String> EMPTY_STATUS = Map.ofEntries(
      Map.entry("apps/deployments", "{}"),
      Map.entry("apps/replicasets", "{\"replicas\":0}"),
      Map.entry("apps/statefulsets", "{\"replicas\":0,\"availableReplicas\":0}"),
      Map.entry("apps/daemonsets",
          "{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,\"desiredNumberScheduled\":0,\"numberReady\":0}"),
      Map.entry("/replicationcontrollers", "{\"replicas\":0}"),
      Map.entry("batch/jobs", "{}"),
      Map.entry("batch/cronjobs", "{}"),
      Map.entry("/services", "{\"loadBalancer\":{}}"),
      Map.entry("/resourcequotas", "{}"),
      Map.entry("/persistentvolumeclaims", "{}"),
      Map.entry("/persistentvolumes", "{}"),
      Map.entry("networking.k8s.io/ingresses", "{\"loadBalancer\":{}}"),
      Map.entry("policy/poddisruptionbudgets",
          "{\"disruptionsAllowed\":0,\"currentHealthy\":0,\"desiredHealthy\":0,\"expectedPods\":0}"),
      Map.entry("/namespaces", "{\"phase\":\"Active\"}"));

  private CreateStrategies() {}

  static void apply(String group, String resource, ObjectNode obj) {
    String status = EMPTY_STATUS.get(group + "/" + resource);
    if (status != null) {
      obj.set("status", Json.parse(status));
    }
    switch (group + "/" + resource) {
      case "/pods" -> PodAdmission.apply(obj);
      case "batch/jobs" -> generateJobSelector(obj);
      case "/services" -> ServiceIpFamilies.apply(Nodes.childOrCreate(obj, "spec"));
      case "/namespaces" -> {
        ArrayNode finalizers = Nodes.childOrCreate(obj, "spec").withArray("finalizers");
        boolean present = false;
        for (var f : finalizers) {
          present |= f.asText().equals("kubernetes");
        }
        if (!present) {
          finalizers.add("kubernetes");
        }
      }
      default -> { }
    }
  }

  /**
   * Unless the selector is manual, the pod template is labelled with the job's name and uid (legacy and
   * batch.kubernetes.io keys) and the selector matches the uid, so a Job only ever owns its own pods.
   */
  private static void generateJobSelector(ObjectNode job) {
    ObjectNode spec = Nodes.childOrCreate(job, "spec");
    if (spec.path("manualSelector").asBoolean(false)) {
      return;
    }
    ObjectNode meta = Nodes.childOrCreate(job, "metadata");
    String name = Nodes.text(meta, "name");
    String uid = Nodes.text(meta, "uid");
    ObjectNode labels = Nodes.childOrCreate(
        Nodes.childOrCreate(Nodes.childOrCreate(spec, "template"), "metadata"), "labels");
    for (var label : List.of(Map.entry("job-name", name), Map.entry("batch.kubernetes.io/job-name", name),
        Map.entry("controller-uid", uid), Map.entry("batch.kubernetes.io/controller-uid", uid))) {
      if (!labels.has(label.getKey())) {
        labels.put(label.getKey(), label.getValue());
      }
    }
    ObjectNode matchLabels = Nodes.childOrCreate(Nodes.childOrCreate(spec, "selector"), "matchLabels");
    if (!matchLabels.has("batch.kubernetes.io/controller-uid")) {
      matchLabels.put("batch.kubernetes.io/controller-uid", uid);
    }
  }
}
