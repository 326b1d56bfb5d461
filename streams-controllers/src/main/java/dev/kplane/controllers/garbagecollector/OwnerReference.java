package dev.kplane.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;

/** One entry of metadata.ownerReferences; controller and blockOwnerDeletion are null when not set. */
public record OwnerReference(String apiVersion, String kind, String name, String uid, Boolean controller,
                             Boolean blockOwnerDeletion) {

  public static OwnerReference of(JsonNode ref) {
    return new OwnerReference(ref.path("apiVersion").asText(""), ref.path("kind").asText(""),
        ref.path("name").asText(""), ref.path("uid").asText(""), bool(ref.get("controller")),
        bool(ref.get("blockOwnerDeletion")));
  }

  public boolean blocksOwnerDeletion() {
    return Boolean.TRUE.equals(blockOwnerDeletion);
  }

  public OwnerReference unblocked() {
    return new OwnerReference(apiVersion, kind, name, uid, controller, false);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", apiVersion).put("kind", kind).put("name", name)
        .put("uid", uid);
    if (controller != null) {
      n.put("controller", controller);
    }
    if (blockOwnerDeletion != null) {
      n.put("blockOwnerDeletion", blockOwnerDeletion);
    }
    return n;
  }

  private static Boolean bool(JsonNode n) {
    return n == null || n.isNull() ? null : n.asBoolean();
  }
}
