package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The defaults of the smaller groups (1.32): networking, rbac, scheduling, storage and discovery. policy,
 * coordination and events.k8s.io have none in v1.
 */
final class OtherGroupsDefaults {
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private OtherGroupsDefaults() {}

  static void apply(String group, String resource, ObjectNode obj) {
    switch (group + "/" + resource) {
      case "networking.k8s.io/networkpolicies" -> networkPolicy(Nodes.childOrCreate(obj, "spec"));
      case "networking.k8s.io/ingressclasses" -> {
        ObjectNode parameters = Nodes.child(Nodes.child(obj, "spec"), "parameters");
        if (parameters != null) {
          Nodes.defaultString(parameters, "scope", "Cluster");
        }
      }
      case RBAC_GROUP + "/rolebindings", RBAC_GROUP + "/clusterrolebindings" -> roleBinding(obj);
      case "scheduling.k8s.io/priorityclasses" -> Nodes.defaultString(obj, "preemptionPolicy", "PreemptLowerPriority");
      case "storage.k8s.io/storageclasses" -> {
        Nodes.defaultString(obj, "reclaimPolicy", "Delete");
        Nodes.defaultString(obj, "volumeBindingMode", "Immediate");
      }
      case "discovery.k8s.io/endpointslices" -> Nodes.items(obj, "ports").forEach(p -> {
        if (Nodes.isUnset(p, "name")) {
          p.put("name", "");
        }
        Nodes.defaultString(p, "protocol", "TCP");
      });
      default -> { }
    }
  }

  /** Ports default to TCP; a policy without policyTypes is an Ingress policy, and Egress too if it has rules. */
  private static void networkPolicy(ObjectNode spec) {
    for (String direction : List.of("ingress", "egress")) {
      for (ObjectNode rule : Nodes.items(spec, direction)) {
        Nodes.items(rule, "ports").forEach(p -> Nodes.defaultString(p, "protocol", "TCP"));
      }
    }
    if (Nodes.isEmptyContainer(spec, "policyTypes")) {
      var types = spec.putArray("policyTypes").add("Ingress");
      if (!Nodes.isEmptyContainer(spec, "egress")) {
        types.add("Egress");
      }
    }
  }

  /** roleRef.apiGroup and the apiGroup of User and Group subjects are the rbac group. */
  private static void roleBinding(ObjectNode binding) {
    ObjectNode roleRef = Nodes.child(binding, "roleRef");
    if (roleRef != null) {
      Nodes.defaultString(roleRef, "apiGroup", RBAC_GROUP);
    }
    for (ObjectNode subject : Nodes.items(binding, "subjects")) {
      String kind = Nodes.text(subject, "kind");
      if (kind.equals("User") || kind.equals("Group")) {
        Nodes.defaultString(subject, "apiGroup", RBAC_GROUP);
      }
    }
  }
}
