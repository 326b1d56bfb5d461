package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldSelector;
import dev.kplane.apiserver.api.LabelSelector;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.ResourceType;
import java.util.Map;
import java.util.Set;

/** Which objects a list or watch wants: namespace, label selector and field selector together. */
public final class Selection {
  /** Fields each type can be selected by beyond metadata.name and metadata.namespace (kube-apiserver's field label conversions). */
  private static final Map<String, Set<String>> EXTRA_FIELDS = Map.ofEntries(
      Map.entry("pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
          "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName")),
      Map.entry("events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
          "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
          "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type")),
      Map.entry("secrets", Set.of("type")),
      Map.entry("nodes", Set.of("spec.unschedulable")),
      Map.entry("namespaces", Set.of("status.phase")),
      Map.entry("replicasets", Set.of("status.replicas")),
      Map.entry("replicationcontrollers", Set.of("status.replicas")),
      Map.entry("jobs", Set.of("status.successful")),
      Map.entry("certificatesigningrequests", Set.of("spec.signerName")));

  private final String namespace;
  private final LabelSelector labels;
  private final FieldSelector fields;

  private Selection(String namespace, LabelSelector labels, FieldSelector fields) {
    this.namespace = namespace;
    this.labels = labels;
    this.fields = fields;
  }

  /** Parses the selectors; a malformed one or an unsupported field is a 400. */
  public static Selection of(ResourceType type, String namespace, String labelSelector, String fieldSelector) {
    LabelSelector labels = null;
    FieldSelector fields = null;
    try {
      if (labelSelector != null && !labelSelector.isBlank()) {
        labels = LabelSelector.parse(labelSelector);
      }
      if (fieldSelector != null && !fieldSelector.isBlank()) {
        fields = FieldSelector.parse(fieldSelector);
      }
    } catch (IllegalArgumentException e) {
      throw Status.badRequest(e.getMessage());
    }
    if (fields != null) {
      Set<String> extra = EXTRA_FIELDS.getOrDefault(type.resource(), Set.of());
      for (var r : fields.requirements()) {
        String f = r.field();
        if (!f.equals("metadata.name") && !(f.equals("metadata.namespace") && type.namespaced()) && !extra.contains(f)) {
          throw Status.badRequest("field label not supported: " + f);
        }
      }
    }
    return new Selection(namespace, labels, fields);
  }

  /** The namespace to list, or null for all (or a cluster-scoped type). */
  public String namespace() {
    return namespace;
  }

  /** True when only the namespace restricts the result. */
  public boolean isEverything() {
    return labels == null && fields == null;
  }

  public boolean matches(JsonNode obj) {
    if (namespace != null && !namespace.equals(Meta.namespace(obj))) {
      return false;
    }
    if (labels != null && !labels.matches(Meta.stringMap(obj, "labels"))) {
      return false;
    }
    return fields == null || fields.matches(path -> FieldSelector.valueOf(obj, path));
  }
}
