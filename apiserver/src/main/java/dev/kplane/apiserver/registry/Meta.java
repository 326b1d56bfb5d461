package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing metadata fields of objects held as JSON trees. */
public final class Meta {
  private Meta() {}

  public static ObjectNode metadata(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    return m instanceof ObjectNode o ? o : obj.putObject("metadata");
  }

  public static String text(JsonNode obj, String field) {
    JsonNode v = obj.path("metadata").get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  public static String name(JsonNode obj) {
    return text(obj, "name");
  }

  public static String namespace(JsonNode obj) {
    return text(obj, "namespace");
  }

  public static long resourceVersion(JsonNode obj) {
    String rv = text(obj, "resourceVersion");
    return rv.isEmpty() ? 0 : Long.parseLong(rv);
  }

  public static Map<String, String> stringMap(JsonNode obj, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    obj.path("metadata").path(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  public static boolean hasFinalizers(JsonNode obj) {
    JsonNode f = obj.path("metadata").path("finalizers");
    return f.isArray() && !f.isEmpty();
  }

  public static boolean isBeingDeleted(JsonNode obj) {
    return !text(obj, "deletionTimestamp").isEmpty();
  }

  /** RFC 3339 with second precision, as metav1.Time serializes. */
  public static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The body without the fields a comparison for "did anything change" must ignore. */
  public static ObjectNode withoutVolatileMetadata(ObjectNode obj) {
    ObjectNode copy = obj.deepCopy();
    ObjectNode m = metadata(copy);
    m.remove("resourceVersion");
    m.remove("managedFields");
    return copy;
  }

  /** target with source's status, or with none when source has none. Returns target. */
  public static ObjectNode withStatusOf(ObjectNode target, ObjectNode source) {
    if (source.hasNonNull("status")) {
      target.set("status", source.get("status"));
    } else {
      target.remove("status");
    }
    return target;
  }

  /** Drops empty metadata maps and lists, as Go's omitempty leaves them out of what kube-apiserver stores. */
  public static void dropEmptyMetadata(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode meta) {
      for (String field : List.of("labels", "annotations", "finalizers", "ownerReferences")) {
        JsonNode v = meta.get(field);
        if (v != null && (v.isNull() || (v.isContainerNode() && v.isEmpty()))) {
          meta.remove(field);
        }
      }
    }
  }

  /** The built-in types whose registry strategies set metadata.generation (1 on create, +1 per spec change). */
  private static final java.util.Set<String> GENERATION_TYPES = java.util.Set.of("deployments.apps",
      "replicasets.apps", "statefulsets.apps", "daemonsets.apps", "replicationcontrollers", "jobs.batch",
      "cronjobs.batch", "ingresses.networking.k8s.io", "ingressclasses.networking.k8s.io",
      "networkpolicies.networking.k8s.io", "poddisruptionbudgets.policy", "endpointslices.discovery.k8s.io",
      "customresourcedefinitions.apiextensions.k8s.io");

  /**
   * Whether objects of the type carry metadata.generation: the workload-like built-in types and every custom
   * resource do; ConfigMaps, Pods (in 1.32), Services, Namespaces ... do not.
   */
  public static boolean tracksGeneration(ResourceType type) {
    boolean builtin = dev.kplane.schemas.BuiltinResources.ALL_TYPES.contains(type);
    boolean internal = type.group().endsWith(".kplane.dev");
    return builtin ? GENERATION_TYPES.contains(type.groupResource()) : !internal;
  }

  /** Everything but metadata and status: what a change to must bump metadata.generation. */
  public static ObjectNode specPart(ObjectNode obj) {
    ObjectNode copy = Json.MAPPER.createObjectNode();
    obj.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("metadata") && !e.getKey().equals("status")) {
        copy.set(e.getKey(), e.getValue());
      }
    });
    return copy;
  }
}
