package dev.kplane.schemas;

import java.util.List;

/**
 * One served resource: what discovery advertises and where its objects live.
 *
 * @param group API group, "" for core
 * @param version served (and storage) version
 * @param resource plural lower-case name, e.g. "deployments"
 * @param singular singular name, e.g. "deployment"
 * @param kind e.g. "Deployment"
 * @param namespaced whether objects live in namespaces
 * @param shortNames e.g. ["deploy"]
 * @param categories e.g. ["all"]
 * @param subresources e.g. ["status", "scale"]
 */
public record ResourceType(
    String group,
    String version,
    String resource,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> subresources) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * The review resources: a create is answered with the review's status and nothing is stored
   * (SubjectAccessReview, SelfSubjectReview ...).
   */
  private static final java.util.Set<String> REVIEWS = java.util.Set.of("authorization.k8s.io", "authentication.k8s.io");

  /** The verbs served: everything for stored resources, create only for reviews. */
  public List<String> verbs() {
    return stored() ? ALL_VERBS : List.of("create");
  }

  /** Whether objects of this type are stored (a topic, a cache); reviews are computed per request. */
  public boolean stored() {
    return !REVIEWS.contains(group);
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The group segment used in topic names: "core" for the legacy group. */
  public String topicGroup() {
    return group.isEmpty() ? "core" : group;
  }

  /** group/resource, as in kube-apiserver messages: "deployments.apps", "pods". */
  public String groupResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** The store key of an object: namespace/name, or name for cluster-scoped objects. */
  public String key(String namespace, String name) {
    return namespaced ? namespace + "/" + name : name;
  }
}
