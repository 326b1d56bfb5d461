package dev.kplane.apiserver.registry.patch;

import static dev.kplane.apiserver.registry.patch.PatchMeta.list;
import static dev.kplane.apiserver.registry.patch.PatchMeta.object;

/**
 * Patch metadata of the kinds in {@code BuiltinResources}, read from the struct tags and list markers of
 * k8s.io/api v0.32 (and k8s.io/apimachinery's ObjectMeta). It lists every field that has a {@code patchStrategy}
 * tag and lies on a path a strategic merge patch can walk from a kind's root: struct fields and the elements of
 * lists with merge strategy. Lists without merge strategy are replaced whole, so what lies inside them is left out;
 * so are maps (labels, resources...), whose values strategicpatch never looks into for metadata. Notable absences,
 * as in kube: PodSpec.tolerations, Container.command/args and every listType=atomic list without a tag.
 */
final class BuiltinPatchMeta {
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String BATCH = "io.k8s.api.batch.v1.";
  private static final String POLICY = "io.k8s.api.policy.v1.";
  private static final String COORDINATION = "io.k8s.api.coordination.v1.";
  private static final String DISCOVERY = "io.k8s.api.discovery.v1.";
  private static final String EVENTS = "io.k8s.api.events.v1.";
  private static final String RBAC = "io.k8s.api.rbac.v1.";
  private static final String NETWORKING = "io.k8s.api.networking.v1.";
  private static final String SCHEDULING = "io.k8s.api.scheduling.v1.";
  private static final String STORAGE = "io.k8s.api.storage.v1.";
  private static final String APIEXTENSIONS = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

  private BuiltinPatchMeta() {}

  static PatchMeta table() {
    return new PatchMeta.Builder()
        .kind("", "Namespace", CORE + "Namespace")
        .kind("", "Pod", CORE + "Pod")
        .kind("", "Node", CORE + "Node")
        .kind("", "Service", CORE + "Service")
        .kind("", "Endpoints", CORE + "Endpoints")
        .kind("", "ConfigMap", CORE + "ConfigMap")
        .kind("", "Secret", CORE + "Secret")
        .kind("", "ServiceAccount", CORE + "ServiceAccount")
        .kind("", "Event", CORE + "Event")
        .kind("", "LimitRange", CORE + "LimitRange")
        .kind("", "ResourceQuota", CORE + "ResourceQuota")
        .kind("", "PersistentVolume", CORE + "PersistentVolume")
        .kind("", "PersistentVolumeClaim", CORE + "PersistentVolumeClaim")
        .kind("", "PodTemplate", CORE + "PodTemplate")
        .kind("", "ReplicationController", CORE + "ReplicationController")
        .kind("apps", "Deployment", APPS + "Deployment")
        .kind("apps", "ReplicaSet", APPS + "ReplicaSet")
        .kind("apps", "StatefulSet", APPS + "StatefulSet")
        .kind("apps", "DaemonSet", APPS + "DaemonSet")
        .kind("apps", "ControllerRevision", APPS + "ControllerRevision")
        .kind("autoscaling", "Scale", "io.k8s.api.autoscaling.v1.Scale")
        .kind("batch", "Job", BATCH + "Job")
        .kind("batch", "CronJob", BATCH + "CronJob")
        .kind("coordination.k8s.io", "Lease", COORDINATION + "Lease")
        .kind("discovery.k8s.io", "EndpointSlice", DISCOVERY + "EndpointSlice")
        .kind("events.k8s.io", "Event", EVENTS + "Event")
        .kind("rbac.authorization.k8s.io", "Role", RBAC + "Role")
        .kind("rbac.authorization.k8s.io", "RoleBinding", RBAC + "RoleBinding")
        .kind("rbac.authorization.k8s.io", "ClusterRole", RBAC + "ClusterRole")
        .kind("rbac.authorization.k8s.io", "ClusterRoleBinding", RBAC + "ClusterRoleBinding")
        .kind("networking.k8s.io", "Ingress", NETWORKING + "Ingress")
        .kind("networking.k8s.io", "NetworkPolicy", NETWORKING + "NetworkPolicy")
        .kind("networking.k8s.io", "IngressClass", NETWORKING + "IngressClass")
        .kind("policy", "PodDisruptionBudget", POLICY + "PodDisruptionBudget")
        .kind("scheduling.k8s.io", "PriorityClass", SCHEDULING + "PriorityClass")
        .kind("storage.k8s.io", "StorageClass", STORAGE + "StorageClass")
        .kind("apiextensions.k8s.io", "CustomResourceDefinition", APIEXTENSIONS + "CustomResourceDefinition")
        .struct(APPS + "ControllerRevision",
            object("metadata", META + "ObjectMeta"))
        .struct(APPS + "DaemonSet",
            object("metadata", META + "ObjectMeta"),
            object("spec", APPS + "DaemonSetSpec"),
            object("status", APPS + "DaemonSetStatus"))
        .struct(APPS + "DaemonSetSpec",
            object("template", CORE + "PodTemplateSpec"))
        .struct(APPS + "DaemonSetStatus",
            list("conditions", APPS + "DaemonSetCondition", "merge", "type", "map", "type"))
        .struct(APPS + "Deployment",
            object("metadata", META + "ObjectMeta"),
            object("spec", APPS + "DeploymentSpec"),
            object("status", APPS + "DeploymentStatus"))
        .struct(APPS + "DeploymentSpec",
            object("template", CORE + "PodTemplateSpec"),
            object("strategy", APPS + "DeploymentStrategy", "retainKeys"))
        .struct(APPS + "DeploymentStatus",
            list("conditions", APPS + "DeploymentCondition", "merge", "type", "map", "type"))
        .struct(APPS + "ReplicaSet",
            object("metadata", META + "ObjectMeta"),
            object("spec", APPS + "ReplicaSetSpec"),
            object("status", APPS + "ReplicaSetStatus"))
        .struct(APPS + "ReplicaSetSpec",
            object("template", CORE + "PodTemplateSpec"))
        .struct(APPS + "ReplicaSetStatus",
            list("conditions", APPS + "ReplicaSetCondition", "merge", "type", "map", "type"))
        .struct(APPS + "StatefulSet",
            object("metadata", META + "ObjectMeta"),
            object("spec", APPS + "StatefulSetSpec"),
            object("status", APPS + "StatefulSetStatus"))
        .struct(APPS + "StatefulSetSpec",
            object("template", CORE + "PodTemplateSpec"))
        .struct(APPS + "StatefulSetStatus",
            list("conditions", APPS + "StatefulSetCondition", "merge", "type", "map", "type"))
        .struct(BATCH + "CronJob",
            object("metadata", META + "ObjectMeta"),
            object("spec", BATCH + "CronJobSpec"))
        .struct(BATCH + "CronJobSpec",
            object("jobTemplate", BATCH + "JobTemplateSpec"))
        .struct(BATCH + "Job",
            object("metadata", META + "ObjectMeta"),
            object("spec", BATCH + "JobSpec"),
            object("status", BATCH + "JobStatus"))
        .struct(BATCH + "JobSpec",
            object("template", CORE + "PodTemplateSpec"))
        .struct(BATCH + "JobStatus",
            list("conditions", BATCH + "JobCondition", "merge", "type", "atomic"))
        .struct(BATCH + "JobTemplateSpec",
            object("metadata", META + "ObjectMeta"),
            object("spec", BATCH + "JobSpec"))
        .struct(COORDINATION + "Lease",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "ConfigMap",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "Container",
            list("ports", CORE + "ContainerPort", "merge", "containerPort", "map", "containerPort", "protocol"),
            list("env", CORE + "EnvVar", "merge", "name", "map", "name"),
            list("volumeMounts", CORE + "VolumeMount", "merge", "mountPath", "map", "mountPath"),
            list("volumeDevices", CORE + "VolumeDevice", "merge", "devicePath", "map", "devicePath"))
        .struct(CORE + "Endpoints",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "EphemeralContainer",
            list("ports", CORE + "ContainerPort", "merge", "containerPort", "map", "containerPort", "protocol"),
            list("env", CORE + "EnvVar", "merge", "name", "map", "name"),
            list("volumeMounts", CORE + "VolumeMount", "merge", "mountPath", "map", "mountPath"),
            list("volumeDevices", CORE + "VolumeDevice", "merge", "devicePath", "map", "devicePath"))
        .struct(CORE + "EphemeralVolumeSource",
            object("volumeClaimTemplate", CORE + "PersistentVolumeClaimTemplate"))
        .struct(CORE + "Event",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "LimitRange",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "Namespace",
            object("metadata", META + "ObjectMeta"),
            object("status", CORE + "NamespaceStatus"))
        .struct(CORE + "NamespaceStatus",
            list("conditions", CORE + "NamespaceCondition", "merge", "type", "map", "type"))
        .struct(CORE + "Node",
            object("metadata", META + "ObjectMeta"),
            object("spec", CORE + "NodeSpec"),
            object("status", CORE + "NodeStatus"))
        .struct(CORE + "NodeSpec",
            list("podCIDRs", "string", "merge", "", "set"))
        .struct(CORE + "NodeStatus",
            list("conditions", CORE + "NodeCondition", "merge", "type", "map", "type"),
            list("addresses", CORE + "NodeAddress", "merge", "type", "map", "type"))
        .struct(CORE + "PersistentVolume",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "PersistentVolumeClaim",
            object("metadata", META + "ObjectMeta"),
            object("status", CORE + "PersistentVolumeClaimStatus"))
        .struct(CORE + "PersistentVolumeClaimStatus",
            list("conditions", CORE + "PersistentVolumeClaimCondition", "merge", "type", "map", "type"))
        .struct(CORE + "PersistentVolumeClaimTemplate",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "Pod",
            object("metadata", META + "ObjectMeta"),
            object("spec", CORE + "PodSpec"),
            object("status", CORE + "PodStatus"))
        .struct(CORE + "PodSpec",
            list("volumes", CORE + "Volume", "merge,retainKeys", "name", "map", "name"),
            list("initContainers", CORE + "Container", "merge", "name", "map", "name"),
            list("containers", CORE + "Container", "merge", "name", "map", "name"),
            list("ephemeralContainers", CORE + "EphemeralContainer", "merge", "name", "map", "name"),
            list("imagePullSecrets", CORE + "LocalObjectReference", "merge", "name", "map", "name"),
            list("hostAliases", CORE + "HostAlias", "merge", "ip", "map", "ip"),
            list("topologySpreadConstraints", CORE + "TopologySpreadConstraint", "merge", "topologyKey", "map",
                "topologyKey", "whenUnsatisfiable"),
            list("schedulingGates", CORE + "PodSchedulingGate", "merge", "name", "map", "name"),
            list("resourceClaims", CORE + "PodResourceClaim", "merge,retainKeys", "name", "map", "name"))
        .struct(CORE + "PodStatus",
            list("conditions", CORE + "PodCondition", "merge", "type", "map", "type"),
            list("hostIPs", CORE + "HostIP", "merge", "ip", "atomic"),
            list("podIPs", CORE + "PodIP", "merge", "ip", "map", "ip"),
            list("resourceClaimStatuses", CORE + "PodResourceClaimStatus", "merge,retainKeys", "name", "map", "name"))
        .struct(CORE + "PodTemplate",
            object("metadata", META + "ObjectMeta"),
            object("template", CORE + "PodTemplateSpec"))
        .struct(CORE + "PodTemplateSpec",
            object("metadata", META + "ObjectMeta"),
            object("spec", CORE + "PodSpec"))
        .struct(CORE + "ReplicationController",
            object("metadata", META + "ObjectMeta"),
            object("spec", CORE + "ReplicationControllerSpec"),
            object("status", CORE + "ReplicationControllerStatus"))
        .struct(CORE + "ReplicationControllerSpec",
            object("template", CORE + "PodTemplateSpec"))
        .struct(CORE + "ReplicationControllerStatus",
            list("conditions", CORE + "ReplicationControllerCondition", "merge", "type", "map", "type"))
        .struct(CORE + "ResourceQuota",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "Secret",
            object("metadata", META + "ObjectMeta"))
        .struct(CORE + "Service",
            object("metadata", META + "ObjectMeta"),
            object("spec", CORE + "ServiceSpec"),
            object("status", CORE + "ServiceStatus"))
        .struct(CORE + "ServiceAccount",
            object("metadata", META + "ObjectMeta"),
            list("secrets", CORE + "ObjectReference", "merge", "name", "map", "name"))
        .struct(CORE + "ServiceSpec",
            list("ports", CORE + "ServicePort", "merge", "port", "map", "port", "protocol"))
        .struct(CORE + "ServiceStatus",
            list("conditions", META + "Condition", "merge", "type", "map", "type"))
        .struct(CORE + "Volume",
            object("ephemeral", CORE + "EphemeralVolumeSource"))
        .struct(DISCOVERY + "EndpointSlice",
            object("metadata", META + "ObjectMeta"))
        .struct(EVENTS + "Event",
            object("metadata", META + "ObjectMeta"))
        .struct(NETWORKING + "Ingress",
            object("metadata", META + "ObjectMeta"))
        .struct(NETWORKING + "IngressClass",
            object("metadata", META + "ObjectMeta"))
        .struct(NETWORKING + "NetworkPolicy",
            object("metadata", META + "ObjectMeta"))
        .struct(POLICY + "PodDisruptionBudget",
            object("metadata", META + "ObjectMeta"),
            object("spec", POLICY + "PodDisruptionBudgetSpec"),
            object("status", POLICY + "PodDisruptionBudgetStatus"))
        .struct(POLICY + "PodDisruptionBudgetSpec",
            object("selector", META + "LabelSelector", "replace"))
        .struct(POLICY + "PodDisruptionBudgetStatus",
            list("conditions", META + "Condition", "merge", "type", "map", "type"))
        .struct(RBAC + "ClusterRole",
            object("metadata", META + "ObjectMeta"))
        .struct(RBAC + "ClusterRoleBinding",
            object("metadata", META + "ObjectMeta"))
        .struct(RBAC + "Role",
            object("metadata", META + "ObjectMeta"))
        .struct(RBAC + "RoleBinding",
            object("metadata", META + "ObjectMeta"))
        .struct(SCHEDULING + "PriorityClass",
            object("metadata", META + "ObjectMeta"))
        .struct(STORAGE + "StorageClass",
            object("metadata", META + "ObjectMeta"))
        .struct(APIEXTENSIONS + "CustomResourceDefinition",
            object("metadata", META + "ObjectMeta"))
        .struct(META + "ObjectMeta",
            list("ownerReferences", META + "OwnerReference", "merge", "uid", "map", "uid"),
            list("finalizers", "string", "merge", "", "set"))
        .build();
  }
}
