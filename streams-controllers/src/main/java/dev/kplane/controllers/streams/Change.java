package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.schemas.Json;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One change of one object as controllers see it: the object with its resourceVersion set from the resource
 * topic's offset. A deletion carries the final object (from the tombstone's header) with {@code deleted} set, so it
 * survives a repartition (a null value would lose the object's name once the key is the namespace).
 *
 * @param resource the type's group/resource ("pods", "replicasets.apps"), to tell merged inputs apart
 * @param deleted true for a deletion (the store entry goes away)
 * @param object the object (the final object of a deletion)
 */
public record Change(String resource, boolean deleted, ObjectNode object) {
  /** namespace/name (or name), the key of the object in its resource topic and in a controller's store. */
  public String key() {
    return Objects.key(object);
  }

  public static Serde<Change> serde() {
    return Serdes.serdeFrom((topic, c) -> c == null ? null : Json.bytes(Json.MAPPER.createObjectNode()
            .put("resource", c.resource).put("deleted", c.deleted).set("object", c.object)),
        (topic, b) -> {
          if (b == null) {
            return null;
          }
          JsonNode n = JsonSerdes.tree(b);
          return new Change(n.path("resource").asText(), n.path("deleted").asBoolean(), (ObjectNode) n.get("object"));
        });
  }
}
