package dev.kplane.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One sync of one Deployment as kube's controller does it, on working copies: where kube calls the API and goes on
 * with the object it gets back, the sync changes its copy here and records the write ({@link #update},
 * {@link #create}, {@link #delete}); the controller turns the record into requests afterwards. So the step functions
 * read like kube's and stay pure.
 */
final class Rollout {
  final ObjectNode d;
  final List<ObjectNode> rsList;
  /** Every ReplicaSet of the namespace by name, to tell a hash collision from our own ReplicaSet. */
  final Map<String, ? extends JsonNode> rsByName;
  /** Active pods of the Deployment's ReplicaSets by ReplicaSet uid (getPodMapForDeployment), for Recreate. */
  final Map<String, List<JsonNode>> podsByRsUid;
  final Instant now;

  final Set<String> updated = new LinkedHashSet<>();
  final Set<String> created = new LinkedHashSet<>();
  final List<ObjectNode> deleted = new ArrayList<>();
  Duration requeueAfter;

  Rollout(ObjectNode d, List<ObjectNode> rsList, Map<String, ? extends JsonNode> rsByName,
      Map<String, List<JsonNode>> podsByRsUid, Instant now) {
    this.d = d;
    this.rsList = new ArrayList<>(rsList);
    this.rsByName = rsByName;
    this.podsByRsUid = podsByRsUid;
    this.now = now;
  }

  ObjectNode status() {
    return d.get("status") instanceof ObjectNode s ? s : d.putObject("status");
  }

  void update(ObjectNode rs) {
    if (!created.contains(Objects.name(rs))) {
      updated.add(Objects.name(rs));
    }
  }

  void create(ObjectNode rs) {
    rsList.add(rs);
    created.add(Objects.name(rs));
  }

  void delete(ObjectNode rs) {
    deleted.add(rs);
  }

  void requeue(Duration after) {
    if (requeueAfter == null || after.compareTo(requeueAfter) < 0) {
      requeueAfter = after;
    }
  }

  ObjectNode rs(String name) {
    return rsList.stream().filter(rs -> Objects.name(rs).equals(name)).findFirst().orElse(null);
  }
}
