package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.binding.SchedulerRequests;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.PreemptionResult;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.framework.ScheduleResult;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Request;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What kube-scheduler does when no node fits a pod (handleSchedulingFailure after the PostFilter): preemption
 * when the pod may preempt, then the requests: each victim's DisruptionTarget condition, graceful deletion and
 * Preempted Event; the pod's PodScheduled=False condition with the FitError message (and its nominated node);
 * a FailedScheduling Event. A pure decision: the caller sends the requests.
 */
final class SchedulingFailure {
  /** A request and what it is, for logs and replies. */
  record Out(String what, Request request) {}

  /** The message the pod gets, the node preemption nominated (or null), the victims, the requests to send. */
  record Outcome(String message, String nominatedNode, int victims, List<Out> requests) {}

  private SchedulingFailure() {}

  static Outcome handle(JsonNode podJson, PodInfo pod, Profile profile, ScheduleResult.FitError fit, Snapshot snapshot,
      List<PodDisruptionBudget> pdbs, Instant now) {
    List<Out> out = new ArrayList<>();
    PreemptionResult preemption = profile.preempt(pod.pod(), snapshot, fit, pdbs);
    String nominated = null;
    fit = fit.withPostFilterMessage(preemption.message());
    if (preemption.preempts()) {
      nominated = preemption.nominatedNodeName();
      for (Pod victim : preemption.victims()) {
        JsonNode v = Json.MAPPER.valueToTree(victim);
        out.add(new Out("victim status", SchedulerRequests.disruptionTarget(v, profile.schedulerName(), now)));
        out.add(new Out("victim deletion", SchedulerRequests.deleteVictim(v)));
        out.add(new Out("event", SchedulerRequests.event(v, "Normal", "Preempted", "Preempting",
            "Preempted by pod " + pod.uid() + " on node " + nominated, profile.schedulerName(), now)));
      }
    }
    String message = fit.message();
    Request status = SchedulerRequests.schedulingFailed(podJson, "Unschedulable", message, nominated, now);
    if (status != null) {
      out.add(new Out("status", status));
    }
    out.add(new Out("event", SchedulerRequests.event(podJson, "Warning", "FailedScheduling", "Scheduling", message,
        profile.schedulerName(), now)));
    return new Outcome(message, nominated, preemption.victims().size(), out);
  }
}
