package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.ResourceType;

/**
 * How a Namespace is deleted (kube's pkg/registry/core/namespace/storage): its spec.finalizers hold it like
 * metadata.finalizers do. A DELETE sets deletionTimestamp and phase Terminating; the namespace controller empties
 * the namespace and removes its {@code kubernetes} finalizer through the {@code finalize} subresource; the namespace
 * goes once both finalizer lists are empty.
 */
final class NamespaceDeletion {
  /** NamespaceLifecycle admission's immortal namespaces. */
  private static final java.util.Set<String> IMMORTAL = java.util.Set.of("default", "kube-system", "kube-public");

  private NamespaceDeletion() {}

  /** The namespaces kube never lets go: a DELETE of one is forbidden. */
  static void requireDeletable(ResourceType type, String name) {
    if (isNamespace(type) && IMMORTAL.contains(name)) {
      throw Status.forbidden(type, name, "this namespace may not be deleted");
    }
  }

  static boolean isNamespace(ResourceType type) {
    return type.group().isEmpty() && type.resource().equals("namespaces");
  }

  /** Whether spec.finalizers keeps a namespace from going. */
  static boolean held(ResourceType type, JsonNode obj) {
    JsonNode f = obj.path("spec").path("finalizers");
    return isNamespace(type) && f.isArray() && !f.isEmpty();
  }

  /** The first DELETE of a namespace: phase Terminating (deletionTimestamp is set with the others'). */
  static void markTerminating(ObjectNode ns) {
    ns.withObjectProperty("status").put("phase", "Terminating");
  }

  /** An update or patch of a namespace leaves spec.finalizers as they are: only finalize changes them. */
  static void keepFinalizers(ResourceType type, ObjectNode next, ObjectNode current) {
    if (!isNamespace(type)) {
      return;
    }
    JsonNode kept = current.path("spec").path("finalizers");
    if (kept.isMissingNode()) {
      if (next.get("spec") instanceof ObjectNode spec) {
        spec.remove("finalizers");
      }
    } else {
      next.withObjectProperty("spec").set("finalizers", kept.deepCopy());
    }
  }

  /** PUT .../finalize: only spec.finalizers changes. */
  static ObjectNode finalize(ObjectNode current, JsonNode body) {
    ObjectNode next = current.deepCopy();
    JsonNode wanted = body.path("spec").path("finalizers");
    ArrayNode finalizers = next.withObjectProperty("spec").putArray("finalizers");
    if (wanted.isArray()) {
      wanted.forEach(finalizers::add);
    }
    if (finalizers.isEmpty()) {
      ((ObjectNode) next.get("spec")).remove("finalizers");
    }
    return next;
  }
}
