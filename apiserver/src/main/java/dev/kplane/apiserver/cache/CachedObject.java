package dev.kplane.apiserver.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An object as the cache holds it: its body with metadata.resourceVersion set from the record offset.
 * The body is shared between readers and must never be mutated: copy it first.
 */
public record CachedObject(String key, ObjectNode object, long resourceVersion) {
  public String uid() {
    return object.path("metadata").path("uid").asText(null);
  }
}
