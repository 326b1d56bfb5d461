package dev.kplane.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;

/**
 * What differs between a ReplicaSet and a ReplicationController for the controller that runs both
 * (kube runs the ReplicaSet controller for RCs through a conversion): the type, and the selector's form.
 */
enum ReplicaKind {
  REPLICA_SET("replicaset", "apps", "replicasets", "apps/v1", "ReplicaSet"),
  REPLICATION_CONTROLLER("replicationcontroller", "", "replicationcontrollers", "v1", "ReplicationController");

  final String controller;
  final ResourceType type;
  final String apiVersion;
  final String kind;

  ReplicaKind(String controller, String group, String resource, String apiVersion, String kind) {
    this.controller = controller;
    this.type = BuiltinResources.find(group, resource).orElseThrow();
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** The selector as a metav1.LabelSelector (an RC's spec.selector is a plain label map). */
  JsonNode selector(JsonNode owner) {
    JsonNode s = owner.path("spec").path("selector");
    if (this == REPLICA_SET || s.isMissingNode() || s.isNull()) {
      return s;
    }
    ObjectNode ls = Json.MAPPER.createObjectNode();
    ls.set("matchLabels", s);
    return ls;
  }
}
