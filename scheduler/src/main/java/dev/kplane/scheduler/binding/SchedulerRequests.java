package dev.kplane.scheduler.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Request;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The API requests the scheduler makes, as kube-scheduler makes them over HTTP: a pod's binding, its
 * PodScheduled condition and nominated node, Events, and the deletion of preemption victims. Each is safe to
 * repeat (the door delivers at least once): the binding carries the pod's uid and resourceVersion as
 * preconditions, deletions the victim's uid, Events an explicit name.
 */
public final class SchedulerRequests {
  public static final String PRINCIPAL = "system:kube-scheduler";
  /** The replies partition the scheduler reads: its own task reads partition 0 of every input topic. */
  public static final int REPLY_PARTITION = 0;

  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private SchedulerRequests() {}

  /** POST pods/{name}/binding with the pod's uid and resourceVersion: a stale decision gets 409 and binds nothing. */
  public static Request binding(JsonNode pod, String node) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
    body.putObject("metadata").put("name", name(pod)).put("namespace", namespace(pod))
        .put("uid", meta(pod, "uid")).put("resourceVersion", meta(pod, "resourceVersion"));
    body.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
    return replyToScheduler(ApiRequests.create(podPath(pod) + "/binding", body, PRINCIPAL));
  }

  /**
   * The status patch kube-scheduler's handleSchedulingFailure makes: PodScheduled=False with the reason and
   * message, and the nominated node when preemption chose one (null leaves it as is). Null when the pod already
   * says exactly that (kube skips the update then).
   */
  public static Request schedulingFailed(JsonNode pod, String reason, String message, String nominatedNode,
      Instant now) {
    JsonNode current = condition(pod, "PodScheduled");
    boolean sameCondition = current != null && current.path("status").asText().equals("False")
        && current.path("reason").asText().equals(reason) && current.path("message").asText().equals(message);
    boolean sameNomination = nominatedNode == null
        || nominatedNode.equals(pod.path("status").path("nominatedNodeName").asText(""));
    if (sameCondition && sameNomination) {
      return null;
    }
    boolean statusChanged = current == null || !current.path("status").asText().equals("False");
    ObjectNode status = Json.MAPPER.createObjectNode();
    ObjectNode c = status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False");
    c.putNull("lastProbeTime");
    c.put("lastTransitionTime", statusChanged || current.path("lastTransitionTime").isMissingNode()
        ? timestamp(now) : current.path("lastTransitionTime").asText());
    c.put("reason", reason).put("message", message);
    if (nominatedNode != null) {
      status.put("nominatedNodeName", nominatedNode);
    }
    return statusPatch(pod, status);
  }

  /** The DisruptionTarget condition kube-scheduler puts on a preemption victim before deleting it. */
  public static Request disruptionTarget(JsonNode victim, String schedulerName, Instant now) {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.putArray("conditions").addObject().put("type", "DisruptionTarget").put("status", "True")
        .put("reason", "PreemptionByScheduler")
        .put("message", schedulerName + ": preempting to accommodate a higher priority pod")
        .put("lastTransitionTime", timestamp(now));
    return statusPatch(victim, status);
  }

  /** DELETE of a preemption victim, graceful (its own grace period), only if it is still the same pod. */
  public static Request deleteVictim(JsonNode victim) {
    ObjectNode options = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
    options.putObject("preconditions").put("uid", meta(victim, "uid"));
    return replyToScheduler(ApiRequests.delete(podPath(victim), options, PRINCIPAL));
  }

  /**
   * A core/v1 Event about a pod, as kube-scheduler's events recorder writes it (reportingController
   * default-scheduler, action Scheduling); named {@code <pod>.<hex nanos>} like client-go's recorder, so a
   * repeated request is AlreadyExists.
   */
  public static Request event(JsonNode pod, String type, String reason, String action, String message,
      String reportingController, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    ObjectNode e = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
    e.putObject("metadata").put("name", name(pod) + "." + Long.toHexString(nanos)).put("namespace", namespace(pod));
    e.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Pod").put("namespace", namespace(pod))
        .put("name", name(pod)).put("uid", meta(pod, "uid")).put("resourceVersion", meta(pod, "resourceVersion"));
    e.put("reason", reason).put("message", message).put("type", type).put("action", action);
    e.put("eventTime", MICRO_TIME.format(now.truncatedTo(ChronoUnit.MICROS)));
    e.put("reportingComponent", reportingController).put("reportingInstance", reportingController);
    e.putObject("source").put("component", reportingController);
    return replyToScheduler(ApiRequests.create("/api/v1/namespaces/" + namespace(pod) + "/events", e, PRINCIPAL));
  }

  public static String podPath(JsonNode pod) {
    return "/api/v1/namespaces/" + namespace(pod) + "/pods/" + name(pod);
  }

  private static Request statusPatch(JsonNode pod, ObjectNode status) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.putObject("metadata").put("uid", meta(pod, "uid"));
    patch.set("status", status);
    return replyToScheduler(ApiRequests.patch(podPath(pod) + "/status", ApiRequests.STRATEGIC_MERGE_PATCH, patch,
        PRINCIPAL));
  }

  private static Request replyToScheduler(Request r) {
    r.setReplyPartition(REPLY_PARTITION);
    return r;
  }

  private static JsonNode condition(JsonNode pod, String type) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    return null;
  }

  private static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String name(JsonNode pod) {
    return meta(pod, "name");
  }

  private static String namespace(JsonNode pod) {
    return meta(pod, "namespace");
  }

  private static String meta(JsonNode obj, String field) {
    return obj.path("metadata").path(field).asText("");
  }
}
