package dev.kplane.controllers.streams;

/** A reconciler's view of its task's stores: one copy per input type, its expectations, its notes. */
public interface State {
  /** The store of an input type by group/resource ("pods", "replicasets.apps"). */
  ObjectStore objects(String resource);

  ExpectationsStore expectations();

  /** The controller's own small state by owner key (what failed replies said ...), when built with failed replies. */
  org.apache.kafka.streams.state.KeyValueStore<String, com.fasterxml.jackson.databind.node.ObjectNode> notes();
}
