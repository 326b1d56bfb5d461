package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A controller's copy of one resource type (key namespace/name → object), as kube's informer caches: a changelogged
 * RocksDB store, mirrored in memory by namespace so that a reconcile lists a namespace without decoding every
 * object again. The objects handed out are shared: read them, and {@code deepCopy()} before changing one.
 */
public final class ObjectStore {
  private final KeyValueStore<String, ObjectNode> store;
  private final Map<String, NavigableMap<String, ObjectNode>> byNamespace = new HashMap<>();

  /** Loads the mirror from the (restored) store: call it in the processor's init. */
  public ObjectStore(KeyValueStore<String, ObjectNode> store) {
    this.store = store;
    try (KeyValueIterator<String, ObjectNode> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, ObjectNode> kv = it.next();
        mirror(kv.key, kv.value);
      }
    }
  }

  public ObjectNode get(String key) {
    NavigableMap<String, ObjectNode> ns = byNamespace.get(Objects.namespaceOf(key));
    return ns == null ? null : ns.get(key);
  }

  /** The objects of one namespace, in key order. */
  public List<ObjectNode> list(String namespace) {
    NavigableMap<String, ObjectNode> ns = byNamespace.get(namespace);
    return ns == null ? List.of() : new ArrayList<>(ns.values());
  }

  /** Applies a change; returns the object it replaced (null if none). */
  ObjectNode apply(Change change) {
    String key = change.key();
    ObjectNode previous = get(key);
    if (change.deleted()) {
      store.delete(key);
      mirror(key, null);
    } else {
      store.put(key, change.object());
      mirror(key, change.object());
    }
    return previous;
  }

  private void mirror(String key, ObjectNode value) {
    String ns = Objects.namespaceOf(key);
    if (value != null) {
      byNamespace.computeIfAbsent(ns, n -> new TreeMap<>()).put(key, value);
      return;
    }
    NavigableMap<String, ObjectNode> objects = byNamespace.get(ns);
    if (objects != null) {
      objects.remove(key);
      if (objects.isEmpty()) {
        byNamespace.remove(ns);
      }
    }
  }
}
