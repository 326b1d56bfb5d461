package dev.kplane.controllers.streams;

import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/** Expectations by owner key (namespace/name), in a named store of the controller's task. */
public final class ExpectationsStore {
  private final KeyValueStore<String, Expectations> store;

  public ExpectationsStore(KeyValueStore<String, Expectations> store) {
    this.store = store;
  }

  public Expectations get(String owner) {
    Expectations e = store.get(owner);
    return e == null ? Expectations.none() : e;
  }

  public boolean satisfied(String owner, long nowMs) {
    return get(owner).satisfied(nowMs);
  }

  /** Replaces the owner's expectations (kube's SetExpectations): call it with the requests it emits. */
  public void expect(String owner, Set<String> creates, Set<String> deletes, long nowMs) {
    if (creates.isEmpty() && deletes.isEmpty()) {
      store.delete(owner);
    } else {
      store.put(owner, new Expectations(Set.copyOf(creates), Set.copyOf(deletes), nowMs));
    }
  }

  public void creationObserved(String owner, String name) {
    update(owner, get(owner).observedCreate(name));
  }

  public void deletionObserved(String owner, String key) {
    update(owner, get(owner).observedDelete(key));
  }

  /** Forgets the owner (it was deleted). */
  public void forget(String owner) {
    store.delete(owner);
  }

  private void update(String owner, Expectations e) {
    Expectations current = store.get(owner);
    if (current == null || e == current) {
      return;
    }
    if (e.fulfilled()) {
      store.delete(owner);
    } else {
      store.put(owner, e);
    }
  }
}
