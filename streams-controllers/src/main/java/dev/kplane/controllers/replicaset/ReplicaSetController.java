package dev.kplane.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Claims;
import dev.kplane.controllers.objects.LabelSelectors;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.OwnerReferences;
import dev.kplane.controllers.objects.Pods;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.Expectations;
import dev.kplane.controllers.streams.ObjectStore;
import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.RequestIds;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The ReplicaSet controller (and, with {@link #replicationControllers()}, the ReplicationController one): keeps
 * spec.replicas active pods per ReplicaSet (replica_set.go syncReplicaSet). Inputs: the ReplicaSets and the Pods,
 * repartitioned by namespace. Decisions are in {@link ReplicaSetDecider}; this class is the event handlers and the
 * sync that turns decisions into API requests and expectations.
 */
public final class ReplicaSetController implements Controller, Reconciler {
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();

  private final ReplicaKind kind;

  public ReplicaSetController() {
    this(ReplicaKind.REPLICA_SET);
  }

  private ReplicaSetController(ReplicaKind kind) {
    this.kind = kind;
  }

  public static ReplicaSetController replicationControllers() {
    return new ReplicaSetController(ReplicaKind.REPLICATION_CONTROLLER);
  }

  @Override
  public String name() {
    return kind.controller;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    ReconcileProcessor.buildWithFailedReplies(builder, context, name(), List.of(kind.type, PODS), this);
  }

  private String principal() {
    return ControllerContext.principal(name());
  }

  // Event handlers (addPod/updatePod/deletePod, add/update/deleteRS).

  private static final String CREATE = "create:";
  private static final String DELETE = "delete:";

  @Override
  public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
    if (change.resource().equals(RequestIds.REPLIES)) {
      failed(change.object(), state, enqueue);
      return;
    }
    if (change.resource().equals(kind.type.groupResource())) {
      if (change.deleted()) {
        state.expectations().forget(change.key());
      }
      enqueue.accept(change.key());
      return;
    }
    ObjectNode pod = change.object();
    String owner = ownerKey(pod);
    if (owner != null) {
      if (previous == null) {
        state.expectations().creationObserved(owner, Objects.name(pod));
        state.notes().delete(owner); // a create went through: no longer failing
      }
      if (change.deleted() || Objects.isBeingDeleted(pod)) {
        state.expectations().deletionObserved(owner, change.key());
      }
    }
    for (JsonNode p : previous == null ? List.of(pod) : List.of(previous, pod)) {
      String o = ownerKey(p);
      if (o != null) {
        enqueue.accept(o);
      } else if (OwnerReferences.controllerOf(p).isEmpty()) {
        matchingOwners(state, p).forEach(enqueue);
      }
    }
  }

  /**
   * A create or delete the API refused: the pod will never be observed, so the expectation is lowered now (as kube
   * does when the call fails), and a refused create is noted for the ReplicaFailure condition. NotFound on a
   * delete is no failure.
   */
  private static void failed(JsonNode reply, State state, Consumer<String> enqueue) {
    String owner = reply.path("owner").asText();
    String tag = reply.path("tag").asText();
    if (tag.startsWith(CREATE)) {
      state.expectations().creationObserved(owner, tag.substring(CREATE.length()));
      state.notes().put(owner, Json.MAPPER.createObjectNode().put("reason", "FailedCreate")
          .put("message", reply.path("message").asText()));
    } else if (tag.startsWith(DELETE)) {
      state.expectations().deletionObserved(owner, tag.substring(DELETE.length()));
      if (reply.path("code").asInt() != 404) {
        state.notes().put(owner, Json.MAPPER.createObjectNode().put("reason", "FailedDelete")
            .put("message", reply.path("message").asText()));
      }
    }
    enqueue.accept(owner);
  }

  /** The key of the pod's controller if it is of our kind. */
  private String ownerKey(JsonNode pod) {
    return OwnerReferences.controllerOf(pod)
        .filter(ref -> ref.path("kind").asText().equals(kind.kind))
        .map(ref -> Objects.key(Objects.namespace(pod), ref.path("name").asText()))
        .orElse(null);
  }

  /** getPodReplicaSets: the owners in the pod's namespace whose selector matches it. */
  private List<String> matchingOwners(State state, JsonNode pod) {
    List<String> keys = new ArrayList<>();
    for (ObjectNode rs : state.objects(kind.type.groupResource()).list(Objects.namespace(pod))) {
      if (LabelSelectors.matches(kind.selector(rs), Objects.labels(pod))) {
        keys.add(Objects.key(rs));
      }
    }
    return keys;
  }

  // syncReplicaSet

  @Override
  public Result reconcile(String key, State state, long nowMs) {
    ObjectNode rs = state.objects(kind.type.groupResource()).get(key);
    if (rs == null) {
      return Result.NOTHING;
    }
    Instant now = Instant.ofEpochMilli(nowMs);
    ObjectStore pods = state.objects(PODS.groupResource());
    String ns = Objects.namespace(rs);
    List<JsonNode> active = new ArrayList<>();
    for (ObjectNode p : pods.list(ns)) {
      if (Pods.isActive(p)) {
        active.add(p);
      }
    }
    Claims<JsonNode> claim = Claims.of(rs, kind.selector(rs), active);
    List<Request> requests = new ArrayList<>();
    claim.adopt().forEach(p -> requests.add(patchPod(p, OwnerReferences.adoptPatch(rs, kind.apiVersion, kind.kind, p))));
    claim.release().forEach(p -> requests.add(patchPod(p, OwnerReferences.releasePatch(rs, p))));

    Expectations expected = state.expectations().get(key);
    if (expected.satisfied(nowMs) && !Objects.isBeingDeleted(rs)) {
      ReplicaSetDecider.Manage m = ReplicaSetDecider.manageReplicas(rs, claim.claimed(),
          relatedPods(state, rs, claim.claimed()), now);
      Set<String> creates = new TreeSet<>();
      Set<String> deletes = new TreeSet<>();
      while (creates.size() < m.create()) {
        creates.add(PodTemplates.randomName(PodTemplates.generateName(Objects.name(rs))));
      }
      for (String name : creates) {
        ObjectNode pod = PodTemplates.pod(rs, kind.apiVersion, kind.kind, rs.path("spec").path("template"), name);
        requests.add(RequestIds.tag(ApiRequests.create(ApiRequests.collectionPath(PODS, ns), pod, principal()),
            name(), key, CREATE + name));
      }
      for (JsonNode p : m.delete()) {
        deletes.add(Objects.key(p));
        requests.add(RequestIds.tag(deletePod(p), name(), key, DELETE + Objects.key(p)));
      }
      if (m.create() == 0 && m.delete().isEmpty()) {
        state.notes().delete(key); // nothing left to do, nothing failing
      }
      state.expectations().expect(key, creates, deletes, nowMs);
      expected = state.expectations().get(key);
    }

    ObjectNode status = ReplicaSetDecider.calculateStatus(rs, claim.claimed(), now);
    ReplicaSetDecider.replicaFailure(status, state.notes().get(key), now);
    ObjectNode update = ReplicaSetDecider.statusUpdate(rs, status);
    if (update != null) {
      ObjectNode body = rs.deepCopy();
      body.set("status", update);
      requests.add(ApiRequests.update(ApiRequests.objectPath(kind.type, ns, Objects.name(rs)) + "/status", body,
          principal()));
    }
    return new Result(requests, requeueAfter(rs, status, expected, nowMs));
  }

  /** When to look again without an input change: after minReadySeconds, or when pending expectations expire. */
  private static Duration requeueAfter(JsonNode rs, ObjectNode status, Expectations expected, long nowMs) {
    Duration after = null;
    if (ReplicaSetDecider.awaitsAvailability(rs, status)) {
      after = Duration.ofSeconds(rs.path("spec").path("minReadySeconds").asInt());
    }
    if (!expected.fulfilled()) {
      Duration expiry = Duration.ofMillis(Math.max(1, expected.timestampMs() + Expectations.TTL_MS + 1 - nowMs));
      after = after == null || expiry.compareTo(after) < 0 ? expiry : after;
    }
    return after;
  }

  /**
   * getIndirectlyRelatedPods: the pods of every ReplicaSet controlled by the same owner (a Deployment's old and new
   * ReplicaSets), which rank pods by how crowded their node is.
   */
  private List<JsonNode> relatedPods(State state, JsonNode rs, List<JsonNode> own) {
    var controller = OwnerReferences.controllerOf(rs);
    if (controller.isEmpty()) {
      return own;
    }
    String ownerUid = controller.get().path("uid").asText();
    Set<String> siblings = new LinkedHashSet<>();
    for (ObjectNode other : state.objects(kind.type.groupResource()).list(Objects.namespace(rs))) {
      if (OwnerReferences.controllerOf(other).map(r -> r.path("uid").asText().equals(ownerUid)).orElse(false)) {
        siblings.add(Objects.uid(other));
      }
    }
    List<JsonNode> related = new ArrayList<>();
    for (ObjectNode p : state.objects(PODS.groupResource()).list(Objects.namespace(rs))) {
      if (OwnerReferences.controllerOf(p).map(r -> siblings.contains(r.path("uid").asText())).orElse(false)) {
        related.add(p);
      }
    }
    return related;
  }

  private Request patchPod(JsonNode pod, ObjectNode patch) {
    return ApiRequests.patch(ApiRequests.objectPath(PODS, Objects.namespace(pod), Objects.name(pod)),
        ApiRequests.STRATEGIC_MERGE_PATCH, patch, principal());
  }

  /** A delete that cannot hit a recreated pod of the same name. */
  private Request deletePod(JsonNode pod) {
    ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
    options.putObject("preconditions").put("uid", Objects.uid(pod));
    return ApiRequests.delete(ApiRequests.objectPath(PODS, Objects.namespace(pod), Objects.name(pod)), options,
        principal());
  }
}
