package dev.kplane.controllers.garbagecollector;

import java.util.List;

/** What the garbage collector decides to do to one object; the topology turns each into an API request. */
public sealed interface GcAction {
  Item item();

  /** DELETE with a uid precondition and this propagation policy (Background, Foreground or Orphan). */
  record Delete(Item item, String propagationPolicy) implements GcAction {}

  /** Rewrite ownerReferences to this list (at the item's resourceVersion). */
  record SetOwnerReferences(Item item, List<OwnerReference> ownerReferences) implements GcAction {}

  /** Drop one finalizer (at the item's resourceVersion). */
  record RemoveFinalizer(Item item, String finalizer) implements GcAction {}

  /** Run attemptToDelete on this item (upstream: add it to the attemptToDelete queue). */
  record AttemptToDelete(Item item) implements GcAction {}
}
