package dev.kplane.controllers.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.Optional;

/** ownerReferences: who controls an object, and the patches that adopt or release it (controller_ref_manager.go). */
public final class OwnerReferences {
  private OwnerReferences() {}

  /** The reference with controller=true, if any (metav1.GetControllerOf). */
  public static Optional<JsonNode> controllerOf(JsonNode o) {
    for (JsonNode ref : Objects.meta(o).path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  /** Whether o's controller reference names owner (by uid). */
  public static boolean isControlledBy(JsonNode o, JsonNode owner) {
    return controllerOf(o).map(ref -> ref.path("uid").asText().equals(Objects.uid(owner))).orElse(false);
  }

  /** A controller reference to owner (metav1.NewControllerRef): blockOwnerDeletion and controller true. */
  public static ObjectNode controllerRef(JsonNode owner, String apiVersion, String kind) {
    return Json.MAPPER.createObjectNode()
        .put("apiVersion", apiVersion)
        .put("kind", kind)
        .put("name", Objects.name(owner))
        .put("uid", Objects.uid(owner))
        .put("controller", true)
        .put("blockOwnerDeletion", true);
  }

  /**
   * The strategic merge patch that adopts o (kube's ownerRefControllerPatch): sets the controller reference and
   * carries o's uid so it cannot apply to a recreated object of the same name.
   */
  public static ObjectNode adoptPatch(JsonNode owner, String apiVersion, String kind, JsonNode o) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode meta = patch.putObject("metadata");
    meta.putArray("ownerReferences").add(controllerRef(owner, apiVersion, kind));
    meta.put("uid", Objects.uid(o));
    return patch;
  }

  /** The strategic merge patch that releases o from owner (kube's GenerateDeleteOwnerRefStrategicMergeBytes). */
  public static ObjectNode releasePatch(JsonNode owner, JsonNode o) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode meta = patch.putObject("metadata");
    ArrayNode refs = meta.putArray("ownerReferences");
    refs.addObject().put("$patch", "delete").put("uid", Objects.uid(owner));
    meta.put("uid", Objects.uid(o));
    return patch;
  }
}
