package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A controller's copy of one resource type (key namespace/name → object), as kube's informer caches. */
public final class ObjectStore {
  private final KeyValueStore<String, ObjectNode> store;

  public ObjectStore(KeyValueStore<String, ObjectNode> store) {
    this.store = store;
  }

  public ObjectNode get(String key) {
    return store.get(key);
  }

  /** The objects of one namespace, in key order. */
  public List<ObjectNode> list(String namespace) {
    List<ObjectNode> out = new ArrayList<>();
    try (KeyValueIterator<String, ObjectNode> it = store.prefixScan(namespace + "/", new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, ObjectNode> kv = it.next();
        out.add(kv.value);
      }
    }
    return out;
  }

  /** Applies a change; returns the object it replaced (null if none). */
  ObjectNode apply(Change change) {
    String key = change.key();
    ObjectNode previous = store.get(key);
    if (change.deleted()) {
      store.delete(key);
    } else {
      store.put(key, change.object());
    }
    return previous;
  }
}
