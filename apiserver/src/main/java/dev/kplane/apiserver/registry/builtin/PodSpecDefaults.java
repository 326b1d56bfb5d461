package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Defaults of a pod spec (core/v1 SetDefaults_PodSpec with everything nested), shared by Pods and every pod
 * template; plus SetDefaults_Pod, which applies to Pods only: kube keeps requests-from-limits, enableServiceLinks
 * and host-network ports out of templates so that adding them did not change existing workloads' templates.
 */
final class PodSpecDefaults {
  static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

  private PodSpecDefaults() {}

  /** A Pod: SetDefaults_Pod, then the spec's defaults. */
  static void pod(ObjectNode pod) {
    ObjectNode spec = Nodes.childOrCreate(pod, "spec");
    for (String list : List.of("containers", "initContainers")) {
      Nodes.items(spec, list).forEach(ContainerDefaults::requestsFromLimits);
    }
    Nodes.defaultBool(spec, "enableServiceLinks", true);
    if (spec.path("hostNetwork").asBoolean(false)) {
      for (String list : List.of("containers", "initContainers")) {
        for (ObjectNode c : Nodes.items(spec, list)) {
          for (ObjectNode port : Nodes.items(c, "ports")) {
            if (Nodes.isZeroInt(port, "hostPort")) {
              port.set("hostPort", port.get("containerPort"));
            }
          }
        }
      }
    }
    spec(spec);
    ObjectNode status = Nodes.child(pod, "status");
    for (String list : List.of("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")) {
      for (ObjectNode s : Nodes.items(status, list)) {
        ResourceLists.roundUp(s, "allocatedResources");
        ObjectNode resources = Nodes.child(s, "resources");
        if (resources != null) {
          ResourceLists.roundUp(resources, "limits");
          ResourceLists.roundUp(resources, "requests");
        }
      }
    }
  }

  /** A PodTemplateSpec (template.spec of a workload): the spec defaults only. */
  static void template(ObjectNode template) {
    if (template != null) {
      spec(Nodes.childOrCreate(template, "spec"));
    }
  }

  static void spec(ObjectNode spec) {
    Nodes.defaultString(spec, "dnsPolicy", "ClusterFirst");
    Nodes.defaultString(spec, "restartPolicy", "Always");
    if (Nodes.isUnset(spec, "securityContext")) {
      spec.putObject("securityContext");
    }
    Nodes.defaultLong(spec, "terminationGracePeriodSeconds", 30);
    Nodes.defaultString(spec, "schedulerName", "default-scheduler");
    // The v1 conversion keeps the deprecated serviceAccount field in step with serviceAccountName.
    Nodes.defaultString(spec, "serviceAccountName", Nodes.text(spec, "serviceAccount"));
    if (!Nodes.isEmptyString(spec, "serviceAccountName")) {
      spec.put("serviceAccount", Nodes.text(spec, "serviceAccountName"));
    } else {
      spec.remove(List.of("serviceAccountName", "serviceAccount"));
    }
    Nodes.items(spec, "volumes").forEach(VolumeDefaults::apply);
    for (String list : CONTAINER_LISTS) {
      Nodes.items(spec, list).forEach(ContainerDefaults::apply);
    }
    ResourceLists.roundUp(spec, "overhead");
    ObjectNode podResources = Nodes.child(spec, "resources");
    if (podResources != null) {
      ResourceLists.roundUp(podResources, "limits");
      ResourceLists.roundUp(podResources, "requests");
    }
  }
}
