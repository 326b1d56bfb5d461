package dev.kplane.schemas;

import java.util.List;
import java.util.Optional;

/**
 * The storage-backed resources kube-apiserver v1.32 serves, with the names, short names, categories and
 * subresources `kubectl api-resources` shows for them (pkg/registry/.../storage: ShortNames(), Categories()).
 */
public final class BuiltinResources {
  private static final List<String> ALL = List.of("all");

  public static final List<ResourceType> ALL_TYPES = List.of(
      core("namespaces", "Namespace", false, List.of("ns"), List.of(), "status", "finalize"),
      core("pods", "Pod", true, List.of("po"), ALL, "status", "binding", "eviction", "ephemeralcontainers", "log",
          "exec", "attach", "portforward", "proxy", "resize"),
      core("nodes", "Node", false, List.of("no"), List.of(), "status", "proxy"),
      core("services", "Service", true, List.of("svc"), ALL, "status", "proxy"),
      core("endpoints", "Endpoints", true, List.of("ep"), List.of()),
      core("configmaps", "ConfigMap", true, List.of("cm"), List.of()),
      core("secrets", "Secret", true, List.of(), List.of()),
      core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), "token"),
      core("events", "Event", true, List.of("ev"), List.of()),
      core("limitranges", "LimitRange", true, List.of("limits"), List.of()),
      core("resourcequotas", "ResourceQuota", true, List.of("quota"), List.of(), "status"),
      core("persistentvolumes", "PersistentVolume", false, List.of("pv"), List.of(), "status"),
      core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), "status"),
      core("podtemplates", "PodTemplate", true, List.of(), List.of()),
      core("replicationcontrollers", "ReplicationController", true, List.of("rc"), ALL, "status", "scale"),
      of("apps", "deployments", "Deployment", true, List.of("deploy"), ALL, "status", "scale"),
      of("apps", "replicasets", "ReplicaSet", true, List.of("rs"), ALL, "status", "scale"),
      of("apps", "statefulsets", "StatefulSet", true, List.of("sts"), ALL, "status", "scale"),
      of("apps", "daemonsets", "DaemonSet", true, List.of("ds"), ALL, "status"),
      of("apps", "controllerrevisions", "ControllerRevision", true, List.of(), List.of()),
      of("batch", "jobs", "Job", true, List.of(), ALL, "status"),
      of("batch", "cronjobs", "CronJob", true, List.of("cj"), ALL, "status"),
      of("coordination.k8s.io", "leases", "Lease", true, List.of(), List.of()),
      of("discovery.k8s.io", "endpointslices", "EndpointSlice", true, List.of(), List.of()),
      of("events.k8s.io", "events", "Event", true, List.of("ev"), List.of()),
      of("rbac.authorization.k8s.io", "roles", "Role", true, List.of(), List.of()),
      of("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true, List.of(), List.of()),
      of("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", false, List.of(), List.of()),
      of("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), List.of()),
      of("networking.k8s.io", "ingresses", "Ingress", true, List.of("ing"), List.of(), "status"),
      of("networking.k8s.io", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), List.of()),
      of("networking.k8s.io", "ingressclasses", "IngressClass", false, List.of(), List.of()),
      of("policy", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of(), "status"),
      of("scheduling.k8s.io", "priorityclasses", "PriorityClass", false, List.of("pc"), List.of()),
      of("storage.k8s.io", "storageclasses", "StorageClass", false, List.of("sc"), List.of()),
      of("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, List.of(), List.of()),
      of("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, List.of(), List.of()),
      of("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", false, List.of(), List.of()),
      of("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, List.of(), List.of()),
      of("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false, List.of(), List.of()),
      of("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
          List.of("crd", "crds"), List.of("api-extensions"), "status"));

  private BuiltinResources() {}

  public static Optional<ResourceType> find(String group, String resource) {
    return ALL_TYPES.stream().filter(t -> t.group().equals(group) && t.resource().equals(resource)).findFirst();
  }

  private static ResourceType core(String resource, String kind, boolean namespaced, List<String> shortNames,
                                   List<String> categories, String... subresources) {
    return of("", resource, kind, namespaced, shortNames, categories, subresources);
  }

  private static ResourceType of(String group, String resource, String kind, boolean namespaced,
                                 List<String> shortNames, List<String> categories, String... subresources) {
    return new ResourceType(group, "v1", resource, kind.toLowerCase(), kind, namespaced, shortNames, categories,
        List.of(subresources));
  }
}
