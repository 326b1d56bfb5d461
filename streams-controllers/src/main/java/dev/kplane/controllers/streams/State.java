package dev.kplane.controllers.streams;

/** A reconciler's view of its task's stores: one copy per input type, and its expectations. */
public interface State {
  /** The store of an input type by group/resource ("pods", "replicasets.apps"). */
  ObjectStore objects(String resource);

  ExpectationsStore expectations();
}
