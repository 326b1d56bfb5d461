package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/** pkg/apis/batch/validation (1.32) for Jobs and CronJobs, the commonly hit rules. */
final class JobValidation {
  private JobValidation() {}

  static List<FieldError> validate(String resource, ObjectNode obj) {
    List<FieldError> errs = new ArrayList<>();
    if (resource.equals("jobs")) {
      jobSpec(errs, obj.path("spec"), "spec", true);
    } else if (resource.equals("cronjobs")) {
      JsonNode spec = obj.path("spec");
      if (Nodes.isEmptyString(spec, "schedule")) {
        errs.add(FieldError.required("spec.schedule", ""));
      }
      String policy = Nodes.text(spec, "concurrencyPolicy");
      PodSpecValidation.enumValue(errs, policy, List.of("Allow", "Forbid", "Replace"), "spec.concurrencyPolicy");
      Errs.nonNegative(errs, spec, "startingDeadlineSeconds", "spec.startingDeadlineSeconds");
      Errs.nonNegative(errs, spec, "successfulJobsHistoryLimit", "spec.successfulJobsHistoryLimit");
      Errs.nonNegative(errs, spec, "failedJobsHistoryLimit", "spec.failedJobsHistoryLimit");
      jobSpec(errs, spec.path("jobTemplate").path("spec"), "spec.jobTemplate.spec", false);
    }
    return errs;
  }

  /** ValidateJobSpecUpdate's immutable fields. */
  static List<FieldError> validateUpdate(String resource, ObjectNode next, ObjectNode old) {
    List<FieldError> errs = validate(resource, next);
    if (!resource.equals("jobs")) {
      return errs;
    }
    JsonNode spec = next.path("spec");
    JsonNode oldSpec = old.path("spec");
    boolean elastic = Nodes.text(spec, "completionMode").equals("Indexed")
        && spec.path("completions").equals(spec.path("parallelism"));
    if (!elastic) {
      immutable(errs, spec, oldSpec, "completions");
    }
    WorkloadValidation.immutableSelector(errs, spec, oldSpec);
    if (!spec.path("template").equals(oldSpec.path("template"))) {
      errs.add(FieldError.invalid("spec.template", new FieldError.GoValue("core.PodTemplateSpec{...}"), Errs.IMMUTABLE));
    }
    for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy")) {
      immutable(errs, spec, oldSpec, f);
    }
    return errs;
  }

  private static void immutable(List<FieldError> errs, JsonNode spec, JsonNode oldSpec, String f) {
    if (!spec.path(f).equals(oldSpec.path(f))) {
      JsonNode v = spec.get(f);
      Object value = v == null || v.isNull() ? new FieldError.GoValue("null") : v.isNumber() ? (Object) v.asLong()
          : v.isTextual() ? v.asText() : new FieldError.GoValue(v.toString());
      errs.add(FieldError.invalid("spec." + f, value, Errs.IMMUTABLE));
    }
  }

  /** ValidateJobSpec; a CronJob's job template is checked without the selector rules. */
  private static void jobSpec(List<FieldError> errs, JsonNode spec, String path, boolean withSelector) {
    for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
        "ttlSecondsAfterFinished")) {
      Errs.nonNegative(errs, spec, f, path + "." + f);
    }
    String mode = Nodes.text(spec, "completionMode");
    if (!mode.isEmpty() && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
      errs.add(Errs.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
    }
    if (mode.equals("Indexed") && Nodes.isUnset(spec, "completions")) {
      errs.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
    }
    JsonNode template = spec.path("template");
    PodSpecValidation.template(errs, template, path + ".template");
    String restart = Nodes.text(template.path("spec"), "restartPolicy");
    String restartPath = path + ".template.spec.restartPolicy";
    if (restart.isEmpty() || restart.equals("Always")) {
      errs.add(FieldError.required(restartPath, "valid values: \"OnFailure\", \"Never\""));
    } else if (!restart.equals("OnFailure") && !restart.equals("Never")) {
      errs.add(Errs.notSupported(restartPath, restart, List.of("OnFailure", "Never")));
    }
    if (!withSelector) {
      return;
    }
    if (Nodes.isUnset(spec, "selector")) {
      errs.add(FieldError.required(path + ".selector", ""));
    }
    JsonNode labels = template.path("metadata").get("labels");
    if (Boolean.FALSE.equals(WorkloadValidation.selects(spec, labels))) {
      errs.add(FieldError.invalid(path + ".template.metadata.labels", Errs.goStringMap(labels),
          WorkloadValidation.SELECTOR_MISMATCH));
    }
  }
}
