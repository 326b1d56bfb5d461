package dev.kplane.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The garbage collector's decisions (kube-controller-manager pkg/controller/garbagecollector/garbagecollector.go):
 * attemptToDeleteItem, processDeletingDependentsItem and orphanDependents, as pure functions of an item, what its
 * owner references point at, and its dependents (the objects whose ownerReferences name its uid).
 */
public final class GarbageCollector {
  private GarbageCollector() {}

  /** What an owner reference resolves to. */
  public sealed interface Owner {
    /** No object of that kind and name is known (or the kind is not served): the reference dangles. */
    record Absent() implements Owner {}

    /** The object of that kind and name; a different uid than the reference's also makes it dangle. */
    record Present(Item object) implements Owner {}

    /** The owner cannot be seen from here (not served, or outside this partition): never treated as gone. */
    record Unknown() implements Owner {}
  }

  /**
   * attemptToDeleteItem. An item being deleted is only looked at while it deletes its dependents (Foreground);
   * otherwise its owner references are classified as solid, dangling or waiting for their dependents' deletion, and:
   * with a solid owner, the dangling and waiting references are removed; with an owner waiting and dependents of
   * its own, the item is deleted in the foreground (after unblocking its references when a dependent also waits, the
   * upstream cycle breaker); with no solid owner it is deleted, honouring an orphan or foreground finalizer it
   * already has, else in the background.
   */
  public static List<GcAction> attemptToDelete(Item item, Function<OwnerReference, Owner> owners,
      Supplier<List<Item>> dependentsOf) {
    if (item.beingDeleted() && !item.deletingDependents()) {
      return List.of();
    }
    if (item.deletingDependents()) {
      return processDeletingDependents(item, dependentsOf.get());
    }
    if (item.ownerReferences().isEmpty()) {
      return List.of();
    }
    List<OwnerReference> solid = new ArrayList<>();
    List<OwnerReference> dangling = new ArrayList<>();
    List<OwnerReference> waiting = new ArrayList<>();
    for (OwnerReference ref : item.ownerReferences()) {
      Owner owner = owners.apply(ref);
      if (owner instanceof Owner.Unknown) {
        solid.add(ref);
      } else if (!(owner instanceof Owner.Present p) || !p.object().uid().equals(ref.uid())) {
        dangling.add(ref);
      } else if (p.object().deletingDependents()) {
        waiting.add(ref);
      } else {
        solid.add(ref);
      }
    }
    if (!solid.isEmpty()) {
      if (dangling.isEmpty() && waiting.isEmpty()) {
        return List.of();
      }
      Set<String> drop = new java.util.HashSet<>();
      dangling.forEach(r -> drop.add(r.uid()));
      waiting.forEach(r -> drop.add(r.uid()));
      return List.of(new GcAction.SetOwnerReferences(item,
          item.ownerReferences().stream().filter(r -> !drop.contains(r.uid())).toList()));
    }
    List<Item> dependents = waiting.isEmpty() ? List.of() : dependentsOf.get();
    if (!waiting.isEmpty() && !dependents.isEmpty()) {
      List<GcAction> actions = new ArrayList<>();
      if (dependents.stream().anyMatch(Item::deletingDependents)) {
        actions.add(new GcAction.SetOwnerReferences(item, item.ownerReferences().stream()
            .map(r -> r.blocksOwnerDeletion() ? r.unblocked() : r).toList()));
      }
      actions.add(new GcAction.Delete(item, "Foreground"));
      return actions;
    }
    String policy = item.hasFinalizer(Item.ORPHAN) ? "Orphan"
        : item.hasFinalizer(Item.FOREGROUND) ? "Foreground" : "Background";
    return List.of(new GcAction.Delete(item, policy));
  }

  /**
   * processDeletingDependentsItem: when no dependent blocks the owner's deletion, the foregroundDeletion finalizer
   * goes (and with it the owner); otherwise each blocking dependent not yet deleting its own dependents is
   * attempted (it will find this owner waiting and be deleted).
   */
  public static List<GcAction> processDeletingDependents(Item item, List<Item> dependents) {
    List<Item> blocking = blockingDependents(item, dependents);
    if (blocking.isEmpty()) {
      return List.of(new GcAction.RemoveFinalizer(item, Item.FOREGROUND));
    }
    return blocking.stream().filter(d -> !d.deletingDependents())
        .<GcAction>map(GcAction.AttemptToDelete::new).toList();
  }

  /** The dependents whose reference to the item has blockOwnerDeletion. */
  static List<Item> blockingDependents(Item item, List<Item> dependents) {
    return dependents.stream().filter(d -> {
      OwnerReference r = d.referenceTo(item.uid());
      return r != null && r.blocksOwnerDeletion();
    }).toList();
  }

  /**
   * attemptToOrphan for an owner being deleted with the orphan finalizer: every dependent loses its reference to
   * the owner; once none refers to it any more, the orphan finalizer goes. (Upstream removes the finalizer right
   * after its patches succeed; here the finalizer waits until the dependents are seen without the reference, which
   * is the same order with at-least-once requests.)
   */
  public static List<GcAction> orphanDependents(Item owner, List<Item> dependents) {
    if (!owner.beingDeleted() || !owner.hasFinalizer(Item.ORPHAN)) {
      return List.of();
    }
    List<GcAction> actions = dependents.stream().filter(d -> d.referenceTo(owner.uid()) != null)
        .<GcAction>map(d -> new GcAction.SetOwnerReferences(d,
            d.ownerReferences().stream().filter(r -> !r.uid().equals(owner.uid())).toList()))
        .toList();
    return actions.isEmpty() ? List.of(new GcAction.RemoveFinalizer(owner, Item.ORPHAN)) : actions;
  }

  /** The owner a lookup by kind, namespace and name found, or Absent. */
  public static Owner resolve(Optional<Item> found) {
    return found.<Owner>map(Owner.Present::new).orElseGet(Owner.Absent::new);
  }
}
