package dev.kplane.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.garbagecollector.GarbageCollector.Owner;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The garbage collector over every watched type, repartitioned by namespace, so a namespaced object meets its owners
 * (which are in its namespace, or cluster-scoped). Cluster-scoped objects all meet in the partition of "", so
 * cluster-scoped owners of cluster-scoped dependents resolve too; a cluster-scoped owner of a namespaced dependent
 * is not visible from the dependent's partition and is taken as present (the dependent is never collected through
 * it), as is an owner of a kind the collector does not watch.
 *
 * <p>The collector's shell: events mark items (and their owners or dependents) for another look, as upstream's graph
 * builder enqueues them; a look runs {@link GarbageCollector} on the item and turns its actions into requests.
 * Dependents are found by scanning the item's namespace (there is no uid index yet), so only namespaced owners
 * have their dependents followed.
 */
public final class GarbageCollectorReconciler implements Reconciler {
  /** kube-controller-manager's account for the collector. */
  static final String PRINCIPAL = "system:serviceaccount:kube-system:generic-garbage-collector";
  /** Every type whose objects the collector needs (and the topology must give it). */
  public static final java.util.List<ResourceType> INPUTS = Kinds.WATCHED;


  @Override
  public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
    Item item = Item.of(change.object());
    Item before = previous == null ? null : Item.of(previous);
    if (!item.ownerReferences().isEmpty() && !change.deleted()) {
      enqueue.accept(itemKey(change.resource(), change.object()));
    }
    boolean gone = change.deleted();
    boolean startsDeletingDependents = item.deletingDependents() && (before == null || !before.deletingDependents());
    boolean orphaning = item.beingDeleted() && item.hasFinalizer(Item.ORPHAN);
    if (gone || startsDeletingDependents) {
      dependents(state, item).forEach(d -> enqueue.accept(key(d)));
    }
    if (!gone && (item.deletingDependents() || orphaning)) {
      enqueue.accept(itemKey(change.resource(), change.object()));
    }
    // a dependent that went or changed its references may unblock an owner deleting its dependents or orphaning
    List<OwnerReference> refs = new ArrayList<>(item.ownerReferences());
    if (before != null) {
      refs.addAll(before.ownerReferences());
    }
    for (OwnerReference r : refs) {
      owner(state, item, r).ifPresent(o -> {
        Item owner = Item.of(o);
        if (owner.beingDeleted()) {
          enqueue.accept(key(owner));
        }
      });
    }
  }

  @Override
  public Result reconcile(String key, State state, long nowMs) {
    int bar = key.indexOf('|');
    Optional<ResourceType> type = Kinds.byResource(key.substring(0, bar));
    ObjectNode obj = type.isEmpty() ? null : state.objects(type.get().groupResource()).get(key.substring(bar + 1));
    if (obj == null) {
      return Result.NOTHING;
    }
    Item item = Item.of(obj);
    List<GcAction> actions = item.beingDeleted() && item.hasFinalizer(Item.ORPHAN)
        ? GarbageCollector.orphanDependents(item, dependents(state, item))
        : attempt(state, item);
    List<Request> requests = new ArrayList<>();
    for (GcAction a : actions) {
      if (a instanceof GcAction.AttemptToDelete attempt) {
        // upstream queues the blocking dependent; here it is attempted right away (its deletion is what unblocks)
        attempt(state, attempt.item()).stream().filter(x -> !(x instanceof GcAction.AttemptToDelete))
            .forEach(x -> requests.add(request(x)));
      } else {
        requests.add(request(a));
      }
    }
    return Result.of(requests);
  }

  private static List<GcAction> attempt(State state, Item item) {
    return GarbageCollector.attemptToDelete(item, r -> resolve(state, item, r), () -> dependents(state, item));
  }

  private static Owner resolve(State state, Item dependent, OwnerReference ref) {
    Optional<ResourceType> type = Kinds.of(ref.apiVersion(), ref.kind());
    if (type.isEmpty() || (!type.get().namespaced() && !dependent.namespace().isEmpty())) {
      return new Owner.Unknown();
    }
    return GarbageCollector.resolve(owner(state, dependent, ref).map(Item::of));
  }

  /** The object an owner reference names by kind and name, in the dependent's namespace when namespaced. */
  private static Optional<ObjectNode> owner(State state, Item dependent, OwnerReference ref) {
    return Kinds.of(ref.apiVersion(), ref.kind())
        .filter(t -> t.namespaced() || dependent.namespace().isEmpty())
        .map(t -> state.objects(t.groupResource()).get(Objects.key(t.namespaced() ? dependent.namespace() : "", ref.name())));
  }

  /**
   * The items whose ownerReferences name this item's uid, among the namespaced items of its namespace. A
   * cluster-scoped item is taken to have none (the stores list by namespace only).
   */
  static List<Item> dependents(State state, Item owner) {
    List<Item> out = new ArrayList<>();
    if (owner.namespace().isEmpty()) {
      return out;
    }
    for (ResourceType t : Kinds.WATCHED) {
      if (!t.namespaced()) {
        continue;
      }
      for (ObjectNode o : state.objects(t.groupResource()).list(owner.namespace())) {
        Item i = Item.of(o);
        if (i.referenceTo(owner.uid()) != null) {
          out.add(i);
        }
      }
    }
    return out;
  }

  /** The queue key of an object: its group/resource and store key. */
  static String itemKey(String groupResource, ObjectNode obj) {
    return groupResource + "|" + Objects.key(obj);
  }

  private static String key(Item i) {
    ResourceType t = Kinds.of(i.apiVersion(), i.kind()).orElseThrow();
    return t.groupResource() + "|" + Objects.key(i.namespace(), i.name());
  }

  static Request request(GcAction action) {
    Item i = action.item();
    ResourceType t = Kinds.of(i.apiVersion(), i.kind()).orElseThrow();
    String path = ApiRequests.objectPath(t, i.namespace(), i.name());
    ObjectNode meta = Json.MAPPER.createObjectNode().put("resourceVersion", i.resourceVersion());
    if (action instanceof GcAction.Delete d) {
      ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
      options.putObject("preconditions").put("uid", i.uid());
      options.put("propagationPolicy", d.propagationPolicy());
      return ApiRequests.delete(path, options, PRINCIPAL);
    }
    if (action instanceof GcAction.SetOwnerReferences s) {
      if (s.ownerReferences().isEmpty()) {
        meta.putNull("ownerReferences");
      } else {
        ArrayNode refs = meta.putArray("ownerReferences");
        s.ownerReferences().forEach(r -> refs.add(r.toJson()));
      }
      return patch(path, meta);
    }
    if (action instanceof GcAction.RemoveFinalizer f) {
      List<String> kept = i.finalizers().stream().filter(x -> !x.equals(f.finalizer())).toList();
      if (kept.isEmpty()) {
        meta.putNull("finalizers");
      } else {
        kept.forEach(x -> meta.withArray("finalizers").add(x));
      }
      return patch(path, meta);
    }
    throw new IllegalArgumentException("not a request: " + action);
  }

  private static Request patch(String path, ObjectNode meta) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("metadata", meta);
    return ApiRequests.patch(path, ApiRequests.MERGE_PATCH, body, PRINCIPAL);
  }
}
