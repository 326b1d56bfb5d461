package dev.kplane.controllers.streams;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a controller is waiting to observe for one owner before it may decide again (kube's UIDTrackingControllerExpectations,
 * by name): the pods (or other objects) it asked to create and to delete. Kept in a store, written in the same
 * transaction as the requests, so a restarted or moved task neither forgets nor repeats them. Expectations older
 * than {@link #TTL_MS} count as satisfied, as in kube (a request the API refused is never observed).
 *
 * @param creates names requested to be created and not yet seen
 * @param deletes keys requested to be deleted and not yet seen gone (or terminating)
 * @param timestampMs when they were set
 */
public record Expectations(Set<String> creates, Set<String> deletes, long timestampMs) {
  /** kube's ExpectationsTimeout. */
  public static final long TTL_MS = 5 * 60 * 1000;

  public static Expectations none() {
    return new Expectations(Set.of(), Set.of(), 0);
  }

  public boolean satisfied(long nowMs) {
    return (creates.isEmpty() && deletes.isEmpty()) || nowMs - timestampMs > TTL_MS;
  }

  public boolean fulfilled() {
    return creates.isEmpty() && deletes.isEmpty();
  }

  Expectations observedCreate(String name) {
    return without(creates, name) == creates ? this : new Expectations(without(creates, name), deletes, timestampMs);
  }

  Expectations observedDelete(String key) {
    return without(deletes, key) == deletes ? this : new Expectations(creates, without(deletes, key), timestampMs);
  }

  private static Set<String> without(Set<String> set, String item) {
    if (!set.contains(item)) {
      return set;
    }
    Set<String> s = new TreeSet<>(set);
    s.remove(item);
    return s;
  }
}
