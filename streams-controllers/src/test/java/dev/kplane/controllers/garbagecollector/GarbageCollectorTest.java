package dev.kplane.controllers.garbagecollector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.controllers.garbagecollector.GarbageCollector.Owner;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {
  static OwnerReference ref(String uid, boolean block) {
    return new OwnerReference("apps/v1", "ReplicaSet", "rs-" + uid, uid, true, block ? Boolean.TRUE : null);
  }

  static Item item(String uid, List<OwnerReference> refs, List<String> finalizers, boolean deleting) {
    return new Item("v1", "Pod", "ns", "pod-" + uid, uid, "7", refs, finalizers, deleting);
  }

  static Item owner(String uid, List<String> finalizers, boolean deleting) {
    return new Item("apps/v1", "ReplicaSet", "ns", "rs-" + uid, uid, "3", List.of(), finalizers, deleting);
  }

  static Function<OwnerReference, Owner> owners(Map<String, Owner> byUid) {
    return r -> byUid.getOrDefault(r.uid(), new Owner.Absent());
  }

  @Test
  void shouldLeaveAnItemWithALiveOwnerAlone() {
    Item pod = item("p", List.of(ref("o", false)), List.of(), false);
    assertEquals(List.of(), GarbageCollector.attemptToDelete(pod,
        owners(Map.of("o", new Owner.Present(owner("o", List.of(), false)))), () -> List.of()));
  }

  @Test
  void shouldDeleteInBackgroundWhenEveryOwnerIsGoneOrReplaced() {
    Item pod = item("p", List.of(ref("gone", false), ref("old", false)), List.of(), false);
    Item replaced = owner("new-uid", List.of(), false);
    assertEquals(List.of(new GcAction.Delete(pod, "Background")), GarbageCollector.attemptToDelete(pod,
        owners(Map.of("old", new Owner.Present(replaced))), () -> List.of()));
  }

  @Test
  void shouldHonourAnOrphanOrForegroundFinalizerTheItemAlreadyHas() {
    Item orphaning = item("p", List.of(ref("gone", false)), List.of("orphan"), false);
    assertEquals(List.of(new GcAction.Delete(orphaning, "Orphan")),
        GarbageCollector.attemptToDelete(orphaning, owners(Map.of()), () -> List.of()));
    Item foreground = item("q", List.of(ref("gone", false)), List.of("foregroundDeletion"), false);
    assertEquals(List.of(new GcAction.Delete(foreground, "Foreground")),
        GarbageCollector.attemptToDelete(foreground, owners(Map.of()), () -> List.of()));
  }

  @Test
  void shouldDropDanglingAndWaitingReferencesWhenASolidOwnerRemains() {
    OwnerReference solid = ref("s", false);
    Item pod = item("p", List.of(solid, ref("gone", false), ref("w", true)), List.of(), false);
    Map<String, Owner> known = Map.of("s", new Owner.Present(owner("s", List.of(), false)),
        "w", new Owner.Present(owner("w", List.of("foregroundDeletion"), true)));
    assertEquals(List.of(new GcAction.SetOwnerReferences(pod, List.of(solid))),
        GarbageCollector.attemptToDelete(pod, owners(known), () -> List.of()));
  }

  @Test
  void shouldNeverCollectThroughAnOwnerItCannotSee() {
    Item pod = item("p", List.of(ref("cluster-scoped", false)), List.of(), false);
    assertEquals(List.of(), GarbageCollector.attemptToDelete(pod, r -> new Owner.Unknown(), () -> List.of()));
  }

  @Test
  void shouldDeleteInForegroundAnItemWithDependentsWhoseOwnerWaits() {
    Item rs = new Item("apps/v1", "ReplicaSet", "ns", "rs", "r", "5", List.of(ref("d", true)), List.of(), false);
    Item dep = item("p", List.of(ref("r", true)), List.of(), false);
    Map<String, Owner> known = Map.of("d", new Owner.Present(owner("d", List.of("foregroundDeletion"), true)));
    assertEquals(List.of(new GcAction.Delete(rs, "Foreground")),
        GarbageCollector.attemptToDelete(rs, owners(known), () -> List.of(dep)));
    // without dependents of its own it simply goes in the background
    assertEquals(List.of(new GcAction.Delete(rs, "Background")),
        GarbageCollector.attemptToDelete(rs, owners(known), () -> List.of()));
  }

  @Test
  void shouldUnblockItsReferencesWhenADependentAlsoWaitsForItsDependents() {
    Item rs = new Item("apps/v1", "ReplicaSet", "ns", "rs", "r", "5", List.of(ref("d", true)), List.of(), false);
    Item dep = item("p", List.of(ref("r", true)), List.of("foregroundDeletion"), true);
    Map<String, Owner> known = Map.of("d", new Owner.Present(owner("d", List.of("foregroundDeletion"), true)));
    assertEquals(List.of(new GcAction.SetOwnerReferences(rs, List.of(ref("d", true).unblocked())),
        new GcAction.Delete(rs, "Foreground")), GarbageCollector.attemptToDelete(rs, owners(known), () -> List.of(dep)));
  }

  @Test
  void shouldIgnoreAnItemBeingDeletedUnlessItDeletesItsDependents() {
    Item pod = item("p", List.of(ref("gone", false)), List.of(), true);
    assertEquals(List.of(), GarbageCollector.attemptToDelete(pod, owners(Map.of()), () -> List.of()));
  }

  @Test
  void shouldKeepTheForegroundFinalizerWhileABlockingDependentRemains() {
    Item o = owner("o", List.of("foregroundDeletion"), true);
    Item blocking = item("b", List.of(ref("o", true)), List.of(), false);
    Item nonBlocking = item("n", List.of(ref("o", false)), List.of(), false);
    assertEquals(List.of(new GcAction.AttemptToDelete(blocking)),
        GarbageCollector.attemptToDelete(o, owners(Map.of()), () -> List.of(blocking, nonBlocking)));
    Item blockingDeleting = item("b", List.of(ref("o", true)), List.of("foregroundDeletion"), true);
    assertEquals(List.of(), GarbageCollector.processDeletingDependents(o, List.of(blockingDeleting)));
    assertEquals(List.of(new GcAction.RemoveFinalizer(o, "foregroundDeletion")),
        GarbageCollector.processDeletingDependents(o, List.of(nonBlocking)));
  }

  @Test
  void shouldOrphanDependentsBeforeDroppingTheOrphanFinalizer() {
    Item o = owner("o", List.of("orphan"), true);
    OwnerReference other = ref("x", false);
    Item dep = item("d", List.of(ref("o", true), other), List.of(), false);
    assertEquals(List.of(new GcAction.SetOwnerReferences(dep, List.of(other))),
        GarbageCollector.orphanDependents(o, List.of(dep)));
    Item orphaned = item("d", List.of(other), List.of(), false);
    assertEquals(List.of(new GcAction.RemoveFinalizer(o, "orphan")),
        GarbageCollector.orphanDependents(o, List.of(orphaned)));
    assertEquals(List.of(), GarbageCollector.orphanDependents(owner("o", List.of("orphan"), false), List.of(dep)));
  }
}
