package dev.kplane.kubelet.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import java.util.SortedSet;
import java.util.TreeSet;

/** Where the dispatcher sent a pod, and the ConfigMap/Secret keys it counted for it there. */
record Placement(String node, SortedSet<String> refs) {
  String toJson() {
    return Json.write(this);
  }

  static Placement fromJson(String json) {
    if (json == null) {
      return null;
    }
    JsonNode n = Json.parse(json);
    SortedSet<String> refs = new TreeSet<>();
    n.path("refs").forEach(r -> refs.add(r.asText()));
    return new Placement(n.path("node").asText(), refs);
  }
}
