package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** pkg/apis/apps/validation (1.32) for Deployments, ReplicaSets, StatefulSets and DaemonSets; and ReplicationControllers. */
final class WorkloadValidation {
  static final String SELECTOR_MISMATCH = "`selector` does not match template `labels`";

  private WorkloadValidation() {}

  static List<FieldError> validate(String resource, ObjectNode obj) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    switch (resource) {
      case "deployments" -> {
        Errs.nonNegative(errs, spec, "replicas", "spec.replicas");
        selector(errs, spec, "deployment", true);
        templateForReplicaSet(errs, spec);
        deploymentStrategy(errs, spec.path("strategy"), "spec.strategy");
        Errs.nonNegative(errs, spec, "minReadySeconds", "spec.minReadySeconds");
        Errs.nonNegative(errs, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit");
        JsonNode deadline = spec.get("progressDeadlineSeconds");
        if (deadline != null && deadline.isNumber()) {
          Errs.nonNegative(errs, spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds");
          if (deadline.asLong() <= spec.path("minReadySeconds").asLong(0)) {
            errs.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline.asLong(), "must be greater than minReadySeconds"));
          }
        }
      }
      case "replicasets" -> {
        Errs.nonNegative(errs, spec, "replicas", "spec.replicas");
        Errs.nonNegative(errs, spec, "minReadySeconds", "spec.minReadySeconds");
        selector(errs, spec, "deployment", true); // kube's ReplicaSet message says "deployment" too
        templateForReplicaSet(errs, spec);
      }
      case "statefulsets" -> StatefulSetValidation.validate(errs, spec);
      case "daemonsets" -> daemonSet(errs, spec);
      default -> { }
    }
    return errs;
  }

  static List<FieldError> validateUpdate(String resource, ObjectNode next, ObjectNode old) {
    List<FieldError> errs = validate(resource, next);
    if (resource.equals("statefulsets")) {
      StatefulSetValidation.update(errs, next.path("spec"), old.path("spec"));
    } else {
      immutableSelector(errs, next.path("spec"), old.path("spec"));
    }
    return errs;
  }

  static void immutableSelector(List<FieldError> errs, JsonNode spec, JsonNode oldSpec) {
    JsonNode selector = spec.get("selector");
    if (selector != null && !selector.equals(oldSpec.get("selector"))) {
      errs.add(FieldError.invalid("spec.selector", Errs.goLabelSelector(selector), Errs.IMMUTABLE));
    }
  }

  /** Required, not empty, and a valid label selector. */
  static void selector(List<FieldError> errs, JsonNode spec, String kindWord, boolean required) {
    JsonNode selector = spec.get("selector");
    if (selector == null || selector.isNull()) {
      if (required) {
        errs.add(FieldError.required("spec.selector", ""));
      }
      return;
    }
    if (Nodes.isEmptyContainer(selector, "matchLabels") && Nodes.isEmptyContainer(selector, "matchExpressions")) {
      errs.add(FieldError.invalid("spec.selector", Errs.goLabelSelector(selector),
          "empty selector is invalid for " + kindWord));
    }
    errs.addAll(dev.kplane.apiserver.api.NameValidation.validateLabels(Nodes.stringMap(selector.get("matchLabels")),
        "spec.selector.matchLabels"));
  }

  /** Whether the selector (null matching nothing, empty everything) selects the template's labels; null if invalid. */
  static Boolean selects(JsonNode spec, JsonNode templateLabels) {
    try {
      LabelSelector s = LabelSelector.fromJson(spec.get("selector"));
      return s.isEmpty() || s.matches(Nodes.stringMap(templateLabels));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** ValidatePodTemplateSpecForReplicaSet, shared by Deployments, ReplicaSets and ReplicationControllers. */
  static void templateForReplicaSet(List<FieldError> errs, JsonNode spec) {
    JsonNode template = spec.get("template");
    if (template == null || template.isNull()) {
      errs.add(FieldError.required("spec.template", ""));
      return;
    }
    JsonNode labels = template.path("metadata").get("labels");
    Boolean selects = selects(spec, labels);
    if (selects == null) {
      errs.add(FieldError.invalid("spec.selector", Errs.goLabelSelector(spec.get("selector")), "invalid label selector"));
      return;
    }
    if (!selects) {
      errs.add(FieldError.invalid("spec.template.metadata.labels", Errs.goStringMap(labels), SELECTOR_MISMATCH));
    }
    PodSpecValidation.template(errs, template, "spec.template");
    restartAlways(errs, template);
    if (!Nodes.isUnset(template.path("spec"), "activeDeadlineSeconds")) {
      errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in ReplicaSet is not Supported"));
    }
  }

  static void restartAlways(List<FieldError> errs, JsonNode template) {
    String restart = Nodes.text(template.path("spec"), "restartPolicy");
    if (!restart.equals("Always")) {
      errs.add(Errs.notSupported("spec.template.spec.restartPolicy", restart, List.of("Always")));
    }
  }

  private static void deploymentStrategy(List<FieldError> errs, JsonNode strategy, String path) {
    switch (Nodes.text(strategy, "type")) {
      case "Recreate" -> {
        if (!Nodes.isUnset(strategy, "rollingUpdate")) {
          errs.add(FieldError.forbidden(path + ".rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case "RollingUpdate" -> {
        JsonNode rolling = strategy.get("rollingUpdate");
        if (rolling == null || rolling.isNull()) {
          errs.add(FieldError.required(path + ".rollingUpdate", "this should be defaulted and never be nil"));
          return;
        }
        String rPath = path + ".rollingUpdate";
        IntOrPercent.validatePositive(errs, rolling.get("maxUnavailable"), rPath + ".maxUnavailable");
        IntOrPercent.validatePositive(errs, rolling.get("maxSurge"), rPath + ".maxSurge");
        if (IntOrPercent.value(rolling.get("maxUnavailable")) == 0 && IntOrPercent.value(rolling.get("maxSurge")) == 0) {
          errs.add(FieldError.invalid(rPath + ".maxUnavailable", Errs.goIntOrString(rolling.get("maxUnavailable")),
              "may not be 0 when `maxSurge` is 0"));
        }
        IntOrPercent.notMoreThan100(errs, rolling.get("maxUnavailable"), rPath + ".maxUnavailable");
      }
      default -> errs.add(Errs.notSupported(path, new FieldError.GoValue(strategy.toString()), List.of("Recreate", "RollingUpdate")));
    }
  }

  private static void daemonSet(List<FieldError> errs, JsonNode spec) {
    JsonNode template = spec.path("template");
    JsonNode labels = template.path("metadata").get("labels");
    if (Boolean.FALSE.equals(selects(spec, labels))) {
      errs.add(FieldError.invalid("spec.template.metadata.labels", Errs.goStringMap(labels), SELECTOR_MISMATCH));
    }
    JsonNode selector = spec.get("selector");
    if (selector != null && !selector.isNull() && Nodes.isEmptyContainer(selector, "matchLabels")
        && Nodes.isEmptyContainer(selector, "matchExpressions")) {
      errs.add(FieldError.invalid("spec.selector", Errs.goLabelSelector(selector), "empty selector is invalid for daemonset"));
    }
    PodSpecValidation.template(errs, template, "spec.template");
    restartAlways(errs, template);
    JsonNode deadline = template.path("spec").get("activeDeadlineSeconds");
    if (deadline != null && !deadline.isNull()) {
      errs.add(FieldError.invalid("spec.template.spec.activeDeadlineSeconds", deadline.asLong(),
          "activeDeadlineSeconds must be nil for daemons"));
    }
    Errs.nonNegative(errs, spec, "minReadySeconds", "spec.minReadySeconds");
    Errs.nonNegative(errs, spec, "templateGeneration", "spec.templateGeneration");
    JsonNode strategy = spec.path("updateStrategy");
    String type = Nodes.text(strategy, "type");
    if (type.equals("RollingUpdate")) {
      JsonNode rolling = strategy.get("rollingUpdate");
      String rPath = "spec.updateStrategy.rollingUpdate";
      if (rolling == null || rolling.isNull()) {
        errs.add(FieldError.required(rPath, ""));
      } else {
        JsonNode unavailable = rolling.get("maxUnavailable");
        JsonNode surge = rolling.get("maxSurge");
        IntOrPercent.validatePositive(errs, unavailable, rPath + ".maxUnavailable");
        IntOrPercent.validatePositive(errs, surge, rPath + ".maxSurge");
        IntOrPercent.notMoreThan100(errs, unavailable, rPath + ".maxUnavailable");
        IntOrPercent.notMoreThan100(errs, surge, rPath + ".maxSurge");
        boolean hasUnavailable = IntOrPercent.value(unavailable) != 0;
        boolean hasSurge = IntOrPercent.value(surge) != 0;
        if (hasUnavailable && hasSurge) {
          errs.add(FieldError.invalid(rPath + ".maxSurge", Errs.goIntOrString(surge), "may not be set when maxUnavailable is non-zero"));
        } else if (!hasUnavailable && !hasSurge) {
          errs.add(FieldError.invalid(rPath + ".maxUnavailable", Errs.goIntOrString(unavailable), "cannot be 0 when maxSurge is 0"));
        }
      }
    } else if (!type.equals("OnDelete")) {
      errs.add(Errs.notSupported("spec.updateStrategy", new FieldError.GoValue(strategy.toString()), List.of("RollingUpdate", "OnDelete")));
    }
    Errs.nonNegative(errs, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit");
  }
}
