package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.NONE;
import static dev.kplane.apiserver.table.Cells.integer;
import static dev.kplane.apiserver.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Deployments, replica sets, replication controllers, stateful sets, daemon sets, jobs, cron jobs, pod templates,
 * controller revisions and pod disruption budgets.
 */
final class WorkloadPrinters {
  private static final Column CONTAINERS = Column.string("Containers", "Names of each container in the template.")
      .wide();
  private static final Column IMAGES = Column.string("Images", "Images referenced by each container in the template.")
      .wide();

  static final Printer DEPLOYMENT = Printer.of(WorkloadPrinters::deployment,
      Column.nameColumn(),
      Column.string("Ready", "Number of the pod with ready state"),
      Column.string("Up-to-date", SwaggerDocs.of("extensions/v1beta1.DeploymentStatus.updatedReplicas")),
      Column.string("Available", SwaggerDocs.of("extensions/v1beta1.DeploymentStatus.availableReplicas")),
      Column.ageColumn(), CONTAINERS, IMAGES,
      Column.string("Selector", SwaggerDocs.of("extensions/v1beta1.DeploymentSpec.selector")).wide());

  static final Printer REPLICA_SET = Printer.of(WorkloadPrinters::replicaSet,
      Column.nameColumn(),
      Column.integer("Desired", SwaggerDocs.of("extensions/v1beta1.ReplicaSetSpec.replicas")),
      Column.integer("Current", SwaggerDocs.of("extensions/v1beta1.ReplicaSetStatus.replicas")),
      Column.integer("Ready", SwaggerDocs.of("extensions/v1beta1.ReplicaSetStatus.readyReplicas")),
      Column.ageColumn(), CONTAINERS, IMAGES,
      Column.string("Selector", SwaggerDocs.of("extensions/v1beta1.ReplicaSetSpec.selector")).wide());

  static final Printer REPLICATION_CONTROLLER = Printer.of(WorkloadPrinters::replicationController,
      Column.nameColumn(),
      Column.integer("Desired", SwaggerDocs.of("core/v1.ReplicationControllerSpec.replicas")),
      Column.integer("Current", SwaggerDocs.of("core/v1.ReplicationControllerStatus.replicas")),
      Column.integer("Ready", SwaggerDocs.of("core/v1.ReplicationControllerStatus.readyReplicas")),
      Column.ageColumn(), CONTAINERS, IMAGES,
      Column.string("Selector", SwaggerDocs.of("core/v1.ReplicationControllerSpec.selector")).wide());

  static final Printer STATEFUL_SET = Printer.of(WorkloadPrinters::statefulSet,
      Column.nameColumn(),
      Column.string("Ready", "Number of the pod with ready state"),
      Column.ageColumn(), CONTAINERS, IMAGES);

  static final Printer DAEMON_SET = Printer.of(WorkloadPrinters::daemonSet,
      Column.nameColumn(),
      Column.integer("Desired", SwaggerDocs.of("extensions/v1beta1.DaemonSetStatus.desiredNumberScheduled")),
      Column.integer("Current", SwaggerDocs.of("extensions/v1beta1.DaemonSetStatus.currentNumberScheduled")),
      Column.integer("Ready", SwaggerDocs.of("extensions/v1beta1.DaemonSetStatus.numberReady")),
      Column.integer("Up-to-date", SwaggerDocs.of("extensions/v1beta1.DaemonSetStatus.updatedNumberScheduled")),
      Column.integer("Available", SwaggerDocs.of("extensions/v1beta1.DaemonSetStatus.numberAvailable")),
      Column.string("Node Selector", SwaggerDocs.of("core/v1.PodSpec.nodeSelector")),
      Column.ageColumn(), CONTAINERS, IMAGES,
      Column.string("Selector", SwaggerDocs.of("extensions/v1beta1.DaemonSetSpec.selector")).wide());

  static final Printer JOB = Printer.of(WorkloadPrinters::job,
      Column.nameColumn(),
      Column.string("Status", "Status of the job."),
      Column.string("Completions", SwaggerDocs.of("batch/v1.JobStatus.succeeded")),
      Column.string("Duration", "Time required to complete the job."),
      Column.ageColumn(), CONTAINERS, IMAGES,
      Column.string("Selector", SwaggerDocs.of("batch/v1.JobSpec.selector")).wide());

  static final Printer CRON_JOB = Printer.of(WorkloadPrinters::cronJob,
      Column.nameColumn(),
      Column.string("Schedule", SwaggerDocs.of("batch/v1beta1.CronJobSpec.schedule")),
      Column.string("Timezone", SwaggerDocs.of("batch/v1beta1.CronJobSpec.timeZone")),
      Column.bool("Suspend", SwaggerDocs.of("batch/v1beta1.CronJobSpec.suspend")),
      Column.integer("Active", SwaggerDocs.of("batch/v1beta1.CronJobStatus.active")),
      Column.string("Last Schedule", SwaggerDocs.of("batch/v1beta1.CronJobStatus.lastScheduleTime")),
      Column.ageColumn(), CONTAINERS, IMAGES,
      Column.string("Selector", SwaggerDocs.of("batch/v1.JobSpec.selector")).wide());

  static final Printer POD_TEMPLATE = Printer.of(WorkloadPrinters::podTemplate,
      Column.nameColumn(),
      Column.string("Containers", "Names of each container in the template."),
      Column.string("Images", "Images referenced by each container in the template."),
      Column.string("Pod Labels", "The labels for the pod template."));

  static final Printer CONTROLLER_REVISION = Printer.of(WorkloadPrinters::controllerRevision,
      Column.nameColumn(),
      Column.string("Controller", "Controller of the object"),
      Column.string("Revision", SwaggerDocs.of("apps/v1beta1.ControllerRevision.revision")),
      Column.ageColumn());

  static final Printer POD_DISRUPTION_BUDGET = Printer.of(WorkloadPrinters::podDisruptionBudget,
      Column.nameColumn(),
      Column.string("Min Available", "The minimum number of pods that must be available."),
      Column.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
      Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
      Column.ageColumn());

  private WorkloadPrinters() {}

  static Row deployment(JsonNode d, Instant now) {
    String[] c = Cells.containers(d.path("spec").path("template").path("spec").path("containers"));
    String selector = Cells.selectorString(d.path("spec").path("selector"));
    return Row.of(Cells.name(d),
        integer(d, "status", "readyReplicas") + "/" + integer(d, "spec", "replicas"),
        integer(d, "status", "updatedReplicas"), integer(d, "status", "availableReplicas"), Cells.age(d, now),
        c[0], c[1], selector == null ? "<invalid>" : selector);
  }

  static Row replicaSet(JsonNode rs, Instant now) {
    String[] c = Cells.containers(rs.path("spec").path("template").path("spec").path("containers"));
    return Row.of(Cells.name(rs), integer(rs, "spec", "replicas"), integer(rs, "status", "replicas"),
        integer(rs, "status", "readyReplicas"), Cells.age(rs, now), c[0], c[1],
        Cells.selector(rs.path("spec").path("selector")));
  }

  static Row replicationController(JsonNode rc, Instant now) {
    String[] c = Cells.containers(rc.path("spec").path("template").path("spec").path("containers"));
    return Row.of(Cells.name(rc), integer(rc, "spec", "replicas"), integer(rc, "status", "replicas"),
        integer(rc, "status", "readyReplicas"), Cells.age(rc, now), c[0], c[1],
        Cells.labels(rc.path("spec").path("selector")));
  }

  static Row statefulSet(JsonNode sts, Instant now) {
    String[] c = Cells.containers(sts.path("spec").path("template").path("spec").path("containers"));
    return Row.of(Cells.name(sts), integer(sts, "status", "readyReplicas") + "/" + integer(sts, "spec", "replicas"),
        Cells.age(sts, now), c[0], c[1]);
  }

  static Row daemonSet(JsonNode ds, Instant now) {
    JsonNode podSpec = ds.path("spec").path("template").path("spec");
    String[] c = Cells.containers(podSpec.path("containers"));
    JsonNode s = ds.path("status");
    return Row.of(Cells.name(ds), integer(s, "desiredNumberScheduled"), integer(s, "currentNumberScheduled"),
        integer(s, "numberReady"), integer(s, "updatedNumberScheduled"), integer(s, "numberAvailable"),
        Cells.labels(podSpec.path("nodeSelector")), Cells.age(ds, now), c[0], c[1],
        Cells.selector(ds.path("spec").path("selector")));
  }

  static Row job(JsonNode job, Instant now) {
    JsonNode spec = job.path("spec");
    JsonNode status = job.path("status");
    long succeeded = integer(status, "succeeded");
    String completions;
    if (Cells.has(spec, "completions")) {
      completions = succeeded + "/" + spec.path("completions").asLong();
    } else {
      long parallelism = integer(spec, "parallelism");
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = HumanDuration.parse(text(status, "startTime"));
    Instant completion = HumanDuration.parse(text(status, "completionTime"));
    String duration = start == null ? "" : HumanDuration.between(start, completion == null ? now : completion);
    JsonNode conditions = status.path("conditions");
    String state;
    if (Cells.condition(conditions, "Complete")) {
      state = "Complete";
    } else if (Cells.condition(conditions, "Failed")) {
      state = "Failed";
    } else if (Cells.deleting(job)) {
      state = "Terminating";
    } else if (Cells.condition(conditions, "Suspended")) {
      state = "Suspended";
    } else if (Cells.condition(conditions, "FailureTarget")) {
      state = "FailureTarget";
    } else {
      state = "Running";
    }
    String[] c = Cells.containers(spec.path("template").path("spec").path("containers"));
    return Row.of(Cells.name(job), state, completions, duration, Cells.age(job, now), c[0], c[1],
        Cells.selector(spec.path("selector")));
  }

  static Row cronJob(JsonNode cj, Instant now) {
    JsonNode spec = cj.path("spec");
    String lastSchedule = Cells.has(cj, "status", "lastScheduleTime")
        ? HumanDuration.since(text(cj, "status", "lastScheduleTime"), now) : NONE;
    String timeZone = Cells.has(spec, "timeZone") ? text(spec, "timeZone") : NONE;
    JsonNode jobSpec = spec.path("jobTemplate").path("spec");
    String[] c = Cells.containers(jobSpec.path("template").path("spec").path("containers"));
    return Row.of(Cells.name(cj), text(spec, "schedule"), timeZone, Cells.boolPtr(spec.path("suspend")),
        Cells.count(cj, "status", "active"), lastSchedule, Cells.age(cj, now), c[0], c[1],
        Cells.selector(jobSpec.path("selector")));
  }

  static Row podTemplate(JsonNode pt, Instant now) {
    String[] c = Cells.containers(pt.path("template").path("spec").path("containers"));
    return Row.of(Cells.name(pt), c[0], c[1], Cells.labels(pt.path("template").path("metadata").path("labels")));
  }

  /** The controller, as "kind.group/name" in lower case (formatResourceName), or "<none>". */
  static Row controllerRevision(JsonNode cr, Instant now) {
    String controller = NONE;
    for (JsonNode ref : cr.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        String apiVersion = text(ref, "apiVersion");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String kind = text(ref, "kind");
        String groupKind = group.isEmpty() ? kind : kind + "." + group;
        controller = kind.isEmpty() && group.isEmpty() ? text(ref, "name")
            : groupKind.toLowerCase() + "/" + text(ref, "name");
        break;
      }
    }
    return Row.of(Cells.name(cr), controller, integer(cr, "revision"), Cells.age(cr, now));
  }

  static Row podDisruptionBudget(JsonNode pdb, Instant now) {
    JsonNode spec = pdb.path("spec");
    String min = Cells.has(spec, "minAvailable") ? Cells.intOrString(spec.path("minAvailable")) : "N/A";
    String max = Cells.has(spec, "maxUnavailable") ? Cells.intOrString(spec.path("maxUnavailable")) : "N/A";
    return Row.of(Cells.name(pdb), min, max, integer(pdb, "status", "disruptionsAllowed"), Cells.age(pdb, now));
  }
}
