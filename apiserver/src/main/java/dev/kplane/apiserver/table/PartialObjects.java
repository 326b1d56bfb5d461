package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.List;

/** meta.k8s.io PartialObjectMetadata and PartialObjectMetadataList: objects reduced to their metadata. */
public final class PartialObjects {
  private PartialObjects() {}

  /** meta.AsPartialObjectMetadata: the whole ObjectMeta under the given meta.k8s.io apiVersion. */
  public static ObjectNode of(JsonNode object, String apiVersion) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("kind", "PartialObjectMetadata");
    p.put("apiVersion", apiVersion);
    JsonNode meta = object.path("metadata");
    p.set("metadata", meta.isObject() ? meta.deepCopy() : Json.MAPPER.createObjectNode());
    return p;
  }

  /** A PartialObjectMetadataList of the items; the caller copies the list's metadata into it. */
  public static ObjectNode list(List<ObjectNode> items, String apiVersion) {
    ObjectNode l = Json.MAPPER.createObjectNode();
    l.put("kind", "PartialObjectMetadataList");
    l.put("apiVersion", apiVersion);
    l.putObject("metadata");
    if (items.isEmpty()) {
      l.putNull("items"); // Go appends to a nil slice, so an empty list's items encode as null
      return l;
    }
    ArrayNode array = l.putArray("items");
    items.forEach(i -> array.add(of(i, apiVersion)));
    return l;
  }
}
