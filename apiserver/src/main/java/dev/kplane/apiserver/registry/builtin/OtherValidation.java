package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import dev.kplane.apiserver.registry.admission.Priority;
import java.util.ArrayList;
import java.util.List;

/** Leases, PriorityClasses, StorageClasses and EndpointSlices (1.32), the rules clients meet. */
final class OtherValidation {
  private static final long HIGHEST_USER_PRIORITY = 1_000_000_000L;
  private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

  private OtherValidation() {}

  static List<FieldError> validate(String group, String resource, ObjectNode obj) {
    List<FieldError> errs = new ArrayList<>();
    switch (group + "/" + resource) {
      case "coordination.k8s.io/leases" -> {
        JsonNode spec = obj.path("spec");
        JsonNode duration = spec.get("leaseDurationSeconds");
        if (duration != null && duration.isNumber() && duration.asLong() <= 0) {
          errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration.asLong(), "must be greater than 0"));
        }
        Errs.nonNegative(errs, spec, "leaseTransitions", "spec.leaseTransitions");
      }
      case "scheduling.k8s.io/priorityclasses" -> priorityClass(errs, obj);
      case "storage.k8s.io/storageclasses" -> storageClass(errs, obj);
      case "discovery.k8s.io/endpointslices" -> endpointSlice(errs, obj);
      default -> { }
    }
    return errs;
  }

  static List<FieldError> validateUpdate(String group, String resource, ObjectNode next, ObjectNode old) {
    List<FieldError> errs = validate(group, resource, next);
    switch (group + "/" + resource) {
      case "scheduling.k8s.io/priorityclasses" -> {
        if (next.path("value").asLong() != old.path("value").asLong()) {
          errs.add(FieldError.forbidden("value", "may not be changed in an update."));
        }
        if (!next.path("preemptionPolicy").equals(old.path("preemptionPolicy"))) {
          errs.add(FieldError.invalid("preemptionPolicy", Nodes.text(next, "preemptionPolicy"), Errs.IMMUTABLE));
        }
      }
      case "storage.k8s.io/storageclasses" -> {
        if (!next.path("parameters").equals(old.path("parameters"))) {
          errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
        }
        if (!Nodes.text(next, "provisioner").equals(Nodes.text(old, "provisioner"))) {
          errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
        }
        if (!Nodes.text(next, "reclaimPolicy").equals(Nodes.text(old, "reclaimPolicy"))) {
          errs.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }
        if (!Nodes.text(next, "volumeBindingMode").equals(Nodes.text(old, "volumeBindingMode"))) {
          errs.add(FieldError.invalid("volumeBindingMode", Nodes.text(next, "volumeBindingMode"), Errs.IMMUTABLE));
        }
      }
      case "discovery.k8s.io/endpointslices" -> {
        if (!Nodes.text(next, "addressType").equals(Nodes.text(old, "addressType"))) {
          errs.add(FieldError.invalid("addressType", Nodes.text(next, "addressType"), Errs.IMMUTABLE));
        }
      }
      default -> { }
    }
    return errs;
  }

  /** Names starting "system-" are reserved for the built-in classes; user values stop at one billion. */
  private static void priorityClass(List<FieldError> errs, ObjectNode pc) {
    String name = Nodes.text(pc.path("metadata"), "name");
    long value = pc.path("value").asLong(0);
    if (name.startsWith("system-")) {
      Long known = Priority.SYSTEM_PRIORITIES.get(name);
      String problem = known == null ? name + " is not a known system priority class"
          : known != value ? "value of " + name + " PriorityClass must be " + known
          : pc.path("globalDefault").asBoolean(false) ? "globalDefault of " + name + " PriorityClass must be false"
          : null;
      if (problem != null) {
        errs.add(FieldError.forbidden("metadata.name",
            "priority class names with 'system-' prefix are reserved for system use only. error: " + problem));
      }
    } else if (value > HIGHEST_USER_PRIORITY) {
      errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is " + HIGHEST_USER_PRIORITY));
    }
    String policy = Nodes.text(pc, "preemptionPolicy");
    if (!policy.isEmpty() && !policy.equals("Never") && !policy.equals("PreemptLowerPriority")) {
      errs.add(Errs.notSupported("preemptionPolicy", policy, List.of("Never", "PreemptLowerPriority")));
    }
  }

  private static void storageClass(List<FieldError> errs, ObjectNode sc) {
    String provisioner = Nodes.text(sc, "provisioner");
    if (provisioner.isEmpty()) {
      errs.add(FieldError.required("provisioner", ""));
    } else {
      NameValidation.isQualifiedName(provisioner.toLowerCase()).forEach(m ->
          errs.add(FieldError.invalid("provisioner", provisioner.toLowerCase(), m)));
    }
    String reclaim = Nodes.text(sc, "reclaimPolicy");
    if (!reclaim.isEmpty() && !reclaim.equals("Delete") && !reclaim.equals("Retain")) {
      errs.add(Errs.notSupported("reclaimPolicy", reclaim, List.of("Delete", "Retain")));
    }
    PodSpecValidation.enumValue(errs, Nodes.text(sc, "volumeBindingMode"), List.of("Immediate", "WaitForFirstConsumer"),
        "volumeBindingMode");
  }

  private static void endpointSlice(List<FieldError> errs, ObjectNode slice) {
    String addressType = Nodes.text(slice, "addressType");
    List<ObjectNode> endpoints = Nodes.items(slice, "endpoints");
    for (int i = 0; i < endpoints.size(); i++) {
      if (Nodes.isEmptyContainer(endpoints.get(i), "addresses")) {
        errs.add(FieldError.required(Errs.index("endpoints", i) + ".addresses", "must contain at least 1 address"));
      }
    }
    if (addressType.isEmpty()) {
      errs.add(FieldError.required("addressType", ""));
    } else if (!ADDRESS_TYPES.contains(addressType)) {
      errs.add(Errs.notSupported("addressType", addressType, ADDRESS_TYPES));
    }
  }
}
