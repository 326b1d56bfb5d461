package dev.kplane.controllers.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;

/** An object in a namespace, as the namespace controller needs to know it: what to delete, what lingers. */
public record Content(ResourceType type, String name, String uid, List<String> finalizers, boolean beingDeleted) {

  public static Content of(ResourceType type, JsonNode obj) {
    JsonNode meta = obj.path("metadata");
    List<String> finalizers = new ArrayList<>();
    meta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
    return new Content(type, meta.path("name").asText(""), meta.path("uid").asText(""), List.copyOf(finalizers),
        meta.hasNonNull("deletionTimestamp"));
  }
}
