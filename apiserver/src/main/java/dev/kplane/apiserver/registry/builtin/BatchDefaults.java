package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** batch/v1 defaults.go (1.32: JobPodReplacementPolicy on). A CronJob's job template gets pod defaults only. */
final class BatchDefaults {
  private BatchDefaults() {}

  static void apply(String resource, ObjectNode obj) {
    if (resource.equals("jobs")) {
      job(obj);
    } else if (resource.equals("cronjobs")) {
      cronJob(obj);
    }
  }

  private static void job(ObjectNode job) {
    ObjectNode spec = Nodes.childOrCreate(job, "spec");
    if (Nodes.isUnset(spec, "completions") && Nodes.isUnset(spec, "parallelism")) {
      spec.put("completions", 1);
    }
    Nodes.defaultLong(spec, "parallelism", 1);
    Nodes.defaultLong(spec, "backoffLimit", Nodes.isUnset(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE);
    ObjectNode template = Nodes.child(spec, "template");
    JsonNode templateLabels = Nodes.child(Nodes.child(template, "metadata"), "labels");
    ObjectNode meta = Nodes.childOrCreate(job, "metadata");
    if (templateLabels != null && Nodes.isEmptyContainer(meta, "labels")) {
      meta.set("labels", templateLabels.deepCopy());
    }
    Nodes.defaultString(spec, "completionMode", "NonIndexed");
    Nodes.defaultBool(spec, "suspend", false);
    ObjectNode failurePolicy = Nodes.child(spec, "podFailurePolicy");
    podFailurePolicy(spec);
    Nodes.defaultString(spec, "podReplacementPolicy", failurePolicy != null ? "Failed" : "TerminatingOrFailed");
    Nodes.defaultBool(spec, "manualSelector", false);
    PodSpecDefaults.template(template);
  }

  private static void cronJob(ObjectNode cronJob) {
    ObjectNode spec = Nodes.childOrCreate(cronJob, "spec");
    Nodes.defaultString(spec, "concurrencyPolicy", "Allow");
    Nodes.defaultBool(spec, "suspend", false);
    Nodes.defaultLong(spec, "successfulJobsHistoryLimit", 3);
    Nodes.defaultLong(spec, "failedJobsHistoryLimit", 1);
    ObjectNode jobSpec = Nodes.child(Nodes.child(spec, "jobTemplate"), "spec");
    if (jobSpec != null) {
      podFailurePolicy(jobSpec);
      PodSpecDefaults.template(Nodes.child(jobSpec, "template"));
    }
  }

  /** SetDefaults_PodFailurePolicyOnPodConditionsPattern: a condition pattern without status means "True". */
  private static void podFailurePolicy(ObjectNode jobSpec) {
    for (ObjectNode rule : Nodes.items(Nodes.child(jobSpec, "podFailurePolicy"), "rules")) {
      Nodes.items(rule, "onPodConditions").forEach(p -> Nodes.defaultString(p, "status", "True"));
    }
  }
}
