package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.schemas.ResourceType;
import java.util.List;

/**
 * The type-specific validation of the built-in types (kube-apiserver 1.32's pkg/apis/.../validation), after the
 * ObjectMeta checks every type gets; run on defaulted objects. Types not covered here return no errors.
 */
public final class BuiltinValidation {
  private BuiltinValidation() {}

  public static List<FieldError> validate(ResourceType t, ObjectNode obj) {
    String group = t.group();
    String resource = t.resource();
    return switch (group + "/" + resource) {
      case "/pods" -> PodValidation.create(obj);
      case "/services" -> ServiceValidation.validate(obj);
      case "/configmaps" -> ConfigValidation.configMap(obj);
      case "/secrets" -> ConfigValidation.secret(obj);
      case "/replicationcontrollers" -> replicationController(obj);
      case "/podtemplates" -> podTemplate(obj);
      case "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets" ->
          WorkloadValidation.validate(resource, obj);
      case "batch/jobs", "batch/cronjobs" -> JobValidation.validate(resource, obj);
      default -> OtherValidation.validate(group, resource, obj);
    };
  }

  public static List<FieldError> validateUpdate(ResourceType t, ObjectNode next, ObjectNode old) {
    String group = t.group();
    String resource = t.resource();
    return switch (group + "/" + resource) {
      case "/pods" -> PodValidation.update(next, old);
      case "/services" -> ServiceValidation.validateUpdate(next, old);
      case "/configmaps", "/secrets" -> ConfigValidation.update(resource, next, old);
      case "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets" ->
          WorkloadValidation.validateUpdate(resource, next, old);
      case "batch/jobs", "batch/cronjobs" -> JobValidation.validateUpdate(resource, next, old);
      case "/replicationcontrollers", "/podtemplates" -> validate(t, next);
      default -> OtherValidation.validateUpdate(group, resource, next, old);
    };
  }

  private static List<FieldError> replicationController(ObjectNode rc) {
    List<FieldError> errs = new java.util.ArrayList<>();
    var spec = rc.path("spec");
    Errs.nonNegative(errs, spec, "replicas", "spec.replicas");
    Errs.nonNegative(errs, spec, "minReadySeconds", "spec.minReadySeconds");
    if (Nodes.isEmptyContainer(spec, "selector")) {
      errs.add(FieldError.required("spec.selector", ""));
    }
    var template = spec.get("template");
    if (template == null || template.isNull()) {
      errs.add(FieldError.required("spec.template", ""));
      return errs;
    }
    var labels = template.path("metadata").get("labels");
    var selector = Nodes.stringMap(spec.get("selector"));
    var templateLabels = Nodes.stringMap(labels);
    if (!selector.isEmpty() && !templateLabels.entrySet().containsAll(selector.entrySet())) {
      errs.add(FieldError.invalid("spec.template.metadata.labels", Errs.goStringMap(labels),
          "`selector` does not match template `labels`"));
    }
    PodSpecValidation.template(errs, template, "spec.template");
    WorkloadValidation.restartAlways(errs, template);
    return errs;
  }

  private static List<FieldError> podTemplate(ObjectNode pt) {
    List<FieldError> errs = new java.util.ArrayList<>();
    PodSpecValidation.template(errs, pt.path("template"), "template");
    return errs;
  }
}
