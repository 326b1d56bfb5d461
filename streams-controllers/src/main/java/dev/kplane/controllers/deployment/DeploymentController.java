package dev.kplane.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Claims;
import dev.kplane.controllers.objects.LabelSelectors;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.OwnerReferences;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.ObjectStore;
import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The Deployment controller (deployment_controller.go): inputs Deployments, ReplicaSets and Pods by namespace; one
 * sync per Deployment ({@link DeploymentSync}, {@link RollingUpdate}, {@link Recreate}, {@link Progress}) on working
 * copies, whose recorded writes become requests: ReplicaSet creates (deterministic names), updates (with their
 * resourceVersion), deletes (uid and resourceVersion preconditions), the Deployment's status (with its
 * resourceVersion) and its revision annotation.
 */
public final class DeploymentController implements Controller, Reconciler {
  public static final String NAME = "deployment";
  static final ResourceType DEPLOYMENTS = BuiltinResources.find("apps", "deployments").orElseThrow();
  static final ResourceType REPLICA_SETS = BuiltinResources.find("apps", "replicasets").orElseThrow();
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  private static final String PRINCIPAL = ControllerContext.principal(NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    ReconcileProcessor.build(builder, context, NAME, List.of(DEPLOYMENTS, REPLICA_SETS, PODS), this);
  }

  // Event handlers

  @Override
  public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
    String resource = change.resource();
    if (resource.equals(DEPLOYMENTS.groupResource())) {
      enqueue.accept(change.key());
    } else if (resource.equals(REPLICA_SETS.groupResource())) {
      for (JsonNode rs : previous == null ? List.of(change.object()) : List.of(previous, change.object())) {
        String owner = ownerKey(rs, "Deployment");
        if (owner != null) {
          enqueue.accept(owner);
        } else if (OwnerReferences.controllerOf(rs).isEmpty()) {
          deploymentsSelecting(state, rs).forEach(enqueue);
        }
      }
    } else if (change.deleted()) {
      // deletePod: a Recreate rollout waits for the old pods to be gone.
      String rsKey = ownerKey(change.object(), "ReplicaSet");
      JsonNode rs = rsKey == null ? null : state.objects(REPLICA_SETS.groupResource()).get(rsKey);
      String owner = rs == null ? null : ownerKey(rs, "Deployment");
      JsonNode d = owner == null ? null : state.objects(DEPLOYMENTS.groupResource()).get(owner);
      if (d != null && !DeploymentUtil.isRollingUpdate(d)) {
        enqueue.accept(owner);
      }
    }
  }

  private static String ownerKey(JsonNode o, String kind) {
    return OwnerReferences.controllerOf(o).filter(ref -> ref.path("kind").asText().equals(kind))
        .map(ref -> Objects.key(Objects.namespace(o), ref.path("name").asText())).orElse(null);
  }

  private static List<String> deploymentsSelecting(State state, JsonNode rs) {
    List<String> keys = new ArrayList<>();
    for (ObjectNode d : state.objects(DEPLOYMENTS.groupResource()).list(Objects.namespace(rs))) {
      if (LabelSelectors.matches(d.path("spec").path("selector"), Objects.labels(rs))) {
        keys.add(Objects.key(d));
      }
    }
    return keys;
  }

  // syncDeployment

  @Override
  public Result reconcile(String key, State state, long nowMs) {
    ObjectNode d = state.objects(DEPLOYMENTS.groupResource()).get(key);
    if (d == null) {
      return Result.NOTHING;
    }
    String ns = Objects.namespace(d);
    ObjectStore rsStore = state.objects(REPLICA_SETS.groupResource());
    List<ObjectNode> inNamespace = rsStore.list(ns);
    Map<String, ObjectNode> byName = new HashMap<>();
    inNamespace.forEach(rs -> byName.put(Objects.name(rs), rs));
    Claims<ObjectNode> claims = Claims.of(d, d.path("spec").path("selector"), inNamespace);
    List<Request> requests = new ArrayList<>();
    claims.adopt().forEach(rs -> requests.add(patch(REPLICA_SETS, rs,
        OwnerReferences.adoptPatch(d, DeploymentSync.API_VERSION, DeploymentSync.KIND, rs), ApiRequests.STRATEGIC_MERGE_PATCH)));
    claims.release().forEach(rs -> requests.add(patch(REPLICA_SETS, rs, OwnerReferences.releasePatch(d, rs),
        ApiRequests.STRATEGIC_MERGE_PATCH)));

    List<ObjectNode> working = claims.claimed().stream().map(ObjectNode::deepCopy).toList();
    Rollout r = new Rollout(d.deepCopy(), working, byName, podsByReplicaSet(state, ns, working),
        Instant.ofEpochMilli(nowMs));
    DeploymentSync.syncDeployment(r);

    for (String name : r.created) {
      requests.add(ApiRequests.create(ApiRequests.collectionPath(REPLICA_SETS, ns), r.rs(name), PRINCIPAL));
    }
    for (String name : r.updated) {
      ObjectNode rs = r.rs(name);
      requests.add(ApiRequests.update(ApiRequests.objectPath(REPLICA_SETS, ns, name), rs, PRINCIPAL));
    }
    for (ObjectNode rs : r.deleted) {
      ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
      options.putObject("preconditions").put("uid", Objects.uid(rs)).put("resourceVersion", Objects.resourceVersion(rs));
      requests.add(ApiRequests.delete(ApiRequests.objectPath(REPLICA_SETS, ns, Objects.name(rs)), options, PRINCIPAL));
    }
    if (!Progress.sameStatus(d.path("status"), r.status())) {
      ObjectNode body = d.deepCopy();
      body.set("status", r.status());
      requests.add(ApiRequests.update(ApiRequests.objectPath(DEPLOYMENTS, ns, Objects.name(d)) + "/status", body,
          PRINCIPAL));
    }
    String revision = Objects.annotation(r.d, DeploymentUtil.REVISION);
    if (revision != null && !revision.equals(Objects.annotation(d, DeploymentUtil.REVISION))) {
      // kube writes it with the status; kplane's status subresource keeps metadata as it is, so it is its own patch
      ObjectNode p = Json.MAPPER.createObjectNode();
      p.putObject("metadata").putObject("annotations").put(DeploymentUtil.REVISION, revision);
      requests.add(patch(DEPLOYMENTS, d, p, ApiRequests.MERGE_PATCH));
    }
    return new Result(requests, r.requeueAfter);
  }

  /** getPodMapForDeployment: active pods by the uid of their ReplicaSet, for the ReplicaSets the Deployment owns. */
  private static Map<String, List<JsonNode>> podsByReplicaSet(State state, String ns, List<ObjectNode> rsList) {
    Set<String> uids = new HashSet<>();
    rsList.forEach(rs -> uids.add(Objects.uid(rs)));
    Map<String, List<JsonNode>> map = new HashMap<>();
    for (ObjectNode pod : state.objects(PODS.groupResource()).list(ns)) {
      OwnerReferences.controllerOf(pod).map(ref -> ref.path("uid").asText()).filter(uids::contains)
          .ifPresent(uid -> map.computeIfAbsent(uid, u -> new ArrayList<>()).add(pod));
    }
    return map;
  }

  private static Request patch(ResourceType type, JsonNode o, ObjectNode patch, String contentType) {
    return ApiRequests.patch(ApiRequests.objectPath(type, Objects.namespace(o), Objects.name(o)), contentType, patch,
        PRINCIPAL);
  }
}
