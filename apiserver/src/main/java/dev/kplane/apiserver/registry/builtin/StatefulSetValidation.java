package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.List;

/** ValidateStatefulSetSpec and the update rule (1.32). */
final class StatefulSetValidation {
  private static final List<String> MUTABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
      "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

  private StatefulSetValidation() {}

  static void validate(List<FieldError> errs, JsonNode spec) {
    String policy = Nodes.text(spec, "podManagementPolicy");
    if (policy.isEmpty()) {
      errs.add(FieldError.required("spec.podManagementPolicy", ""));
    } else if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
      errs.add(FieldError.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
    }
    JsonNode strategy = spec.path("updateStrategy");
    switch (Nodes.text(strategy, "type")) {
      case "" -> errs.add(FieldError.required("spec.updateStrategy", ""));
      case "OnDelete" -> {
        if (!Nodes.isUnset(strategy, "rollingUpdate")) {
          errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate", new FieldError.GoValue(strategy.get("rollingUpdate").toString()),
              "only allowed for updateStrategy 'RollingUpdate'"));
        }
      }
      case "RollingUpdate" -> Errs.nonNegative(errs, strategy.path("rollingUpdate"), "partition",
          "spec.updateStrategy.rollingUpdate.partition");
      default -> errs.add(FieldError.invalid("spec.updateStrategy", new FieldError.GoValue(strategy.toString()),
          "must be 'RollingUpdate' or 'OnDelete'"));
    }
    Errs.nonNegative(errs, spec, "replicas", "spec.replicas");
    Errs.nonNegative(errs, spec, "minReadySeconds", "spec.minReadySeconds");
    Errs.nonNegative(errs, spec.path("ordinals"), "start", "spec.ordinals.start");
    WorkloadValidation.selector(errs, spec, "statefulset", true);
    JsonNode template = spec.path("template");
    JsonNode labels = template.path("metadata").get("labels");
    Boolean selects = WorkloadValidation.selects(spec, labels);
    if (selects == null) {
      errs.add(FieldError.invalid("spec.selector", Errs.goLabelSelector(spec.get("selector")), ""));
    } else {
      if (!selects) {
        errs.add(FieldError.invalid("spec.template.metadata.labels", Errs.goStringMap(labels),
            WorkloadValidation.SELECTOR_MISMATCH));
      }
      // kube's ValidatePodTemplateSpecForStatefulSet does not validate the pod spec: its mounts may name
      // volumeClaimTemplates, which are no volumes of the template (kubernetes/kubernetes statefulset validation)
    }
    WorkloadValidation.restartAlways(errs, template);
    if (!Nodes.isUnset(template.path("spec"), "activeDeadlineSeconds")) {
      errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in StatefulSet is not Supported"));
    }
  }

  /** Only the listed fields of a StatefulSet's spec may change. */
  static void update(List<FieldError> errs, JsonNode spec, JsonNode oldSpec) {
    ObjectNode a = spec.deepCopy();
    ObjectNode b = oldSpec.deepCopy();
    a.remove(MUTABLE);
    b.remove(MUTABLE);
    if (!a.equals(b)) {
      errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
          + "'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
          + "'minReadySeconds' are forbidden"));
    }
  }
}
