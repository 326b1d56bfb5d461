package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Pod on create: the pod strategy's PrepareForCreate (status Pending with its QoS class, the SchedulingGated
 * condition) and the field settings of the DefaultTolerationSeconds and ServiceAccount admission plugins (Priority's
 * needs the PriorityClasses: {@link dev.kplane.apiserver.registry.admission.Priority}).
 */
final class PodAdmission {
  private static final int DEFAULT_TOLERATION_SECONDS = 300;

  private PodAdmission() {}

  static void apply(ObjectNode pod) {
    ObjectNode spec = Nodes.childOrCreate(pod, "spec");
    ObjectNode status = pod.putObject("status");
    status.put("phase", "Pending");
    if (!Nodes.isEmptyContainer(spec, "schedulingGates")) {
      status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
          .putNull("lastProbeTime").putNull("lastTransitionTime").put("reason", "SchedulingGated")
          .put("message", "Scheduling is blocked due to non-empty scheduling gates");
    }
    status.put("qosClass", PodQos.of(spec));
    defaultTolerations(spec);
    if (!pod.path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
      Nodes.defaultString(spec, "serviceAccountName", "default");
      spec.put("serviceAccount", Nodes.text(spec, "serviceAccountName"));
    }
  }

  /** A pod that does not tolerate NoExecute not-ready / unreachable taints gets 300 s tolerations for them. */
  private static void defaultTolerations(ObjectNode spec) {
    boolean notReady = false;
    boolean unreachable = false;
    for (ObjectNode t : Nodes.items(spec, "tolerations")) {
      String key = Nodes.text(t, "key");
      String effect = Nodes.text(t, "effect");
      boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
      notReady |= noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/not-ready"));
      unreachable |= noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/unreachable"));
    }
    ArrayNode tolerations = spec.withArray("tolerations");
    if (!notReady) {
      addToleration(tolerations, "node.kubernetes.io/not-ready");
    }
    if (!unreachable) {
      addToleration(tolerations, "node.kubernetes.io/unreachable");
    }
  }

  private static void addToleration(ArrayNode tolerations, String key) {
    tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
        .put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
  }
}
