package dev.kplane.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the garbage collector knows of an object (its node in upstream's dependency graph): identity, owners,
 * finalizers and whether it is being deleted, read from the object as its store keeps it.
 *
 * @param namespace empty for cluster-scoped objects
 */
public record Item(String apiVersion, String kind, String namespace, String name, String uid, String resourceVersion,
                   List<OwnerReference> ownerReferences, List<String> finalizers, boolean beingDeleted) {
  public static final String ORPHAN = "orphan";
  public static final String FOREGROUND = "foregroundDeletion";

  public static Item of(JsonNode obj) {
    JsonNode meta = obj.path("metadata");
    List<OwnerReference> refs = new ArrayList<>();
    meta.path("ownerReferences").forEach(r -> refs.add(OwnerReference.of(r)));
    List<String> finalizers = new ArrayList<>();
    meta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
    return new Item(obj.path("apiVersion").asText(""), obj.path("kind").asText(""), meta.path("namespace").asText(""),
        meta.path("name").asText(""), meta.path("uid").asText(""), meta.path("resourceVersion").asText(""),
        List.copyOf(refs), List.copyOf(finalizers), meta.hasNonNull("deletionTimestamp"));
  }

  public boolean hasFinalizer(String finalizer) {
    return finalizers.contains(finalizer);
  }

  /** Being deleted in the foreground: it waits for its blocking dependents to go first. */
  public boolean deletingDependents() {
    return beingDeleted && hasFinalizer(FOREGROUND);
  }

  /** The reference this object holds to the owner with that uid, or null. */
  public OwnerReference referenceTo(String ownerUid) {
    return ownerReferences.stream().filter(r -> r.uid().equals(ownerUid)).findFirst().orElse(null);
  }
}
