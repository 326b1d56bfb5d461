package dev.kplane.kubelet.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.ObjectEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes pods, ConfigMaps and Secrets (keys as {@link StampResourceVersion} leaves them) to node topics. Three
 * stores: where each pod was sent ({@link Placement}), the latest ConfigMap/Secret events, and the references
 * "config|node|pod" (one entry per pod on a node that references the object), from which "does node N hold X"
 * and "which nodes hold X" are prefix scans.
 */
final class DispatchProcessor implements Processor<String, ObjectEvent, String, ObjectEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(DispatchProcessor.class);
  private static final StringSerializer KEYS = new StringSerializer();
  /**
   * fabric8's models need a mapper of their own: kplane's strict one (FAIL_ON_TRAILING_TOKENS) rejects how
   * Quantity deserializes itself, so any pod with resources would stop the dispatcher.
   */
  private static final ObjectMapper FABRIC8 = new ObjectMapper();

  private ProcessorContext<String, ObjectEvent> context;
  private KeyValueStore<String, String> placements;
  private KeyValueStore<String, ObjectEvent> objects;
  private KeyValueStore<String, String> refs;

  @Override
  public void init(ProcessorContext<String, ObjectEvent> context) {
    this.context = context;
    this.placements = context.getStateStore(NodeDispatcher.PLACEMENTS_STORE);
    this.objects = context.getStateStore(NodeDispatcher.OBJECTS_STORE);
    this.refs = context.getStateStore(NodeDispatcher.REFS_STORE);
  }

  @Override
  public void process(Record<String, ObjectEvent> r) {
    if (r.key().startsWith("configmaps/") || r.key().startsWith("secrets/")) {
      onConfig(r);
    } else {
      onPod(r);
    }
  }

  private void onPod(Record<String, ObjectEvent> r) {
    String podKey = r.key();
    Placement old = Placement.fromJson(placements.get(podKey));
    Placement now = null;
    if (r.value() != null) {
      Pod pod;
      try {
        pod = FABRIC8.convertValue(Json.parse(r.value().getObject()), Pod.class);
      } catch (RuntimeException x) {
        // one undecodable pod must not stop every node's dispatch; its last placement stands
        LOG.error("pod {} cannot be decoded; not dispatched", podKey, x);
        return;
      }
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      if (node != null && !node.isEmpty()) {
        now = new Placement(node, PodReferences.of(pod));
      }
    }
    if (old != null && (now == null || !now.node().equals(old.node()))) {
      send(r, old.node(), podKey, null);
      old.refs().forEach(ref -> dropRef(r, ref, old.node(), podKey));
    }
    if (now == null) {
      placements.delete(podKey);
      return;
    }
    SortedSet<String> kept = old != null && old.node().equals(now.node()) ? old.refs() : new TreeSet<>();
    for (String ref : now.refs()) {
      if (!kept.contains(ref)) {
        addRef(r, ref, now.node(), podKey);
      }
    }
    for (String ref : kept) {
      if (!now.refs().contains(ref)) {
        dropRef(r, ref, now.node(), podKey);
      }
    }
    send(r, now.node(), podKey, r.value());
    placements.put(podKey, now.toJson());
  }

  /** A changed object goes to every node holding it; a deleted one becomes a tombstone there. */
  private void onConfig(Record<String, ObjectEvent> r) {
    if (r.value() == null) {
      objects.delete(r.key());
    } else {
      objects.put(r.key(), r.value());
    }
    for (String node : nodesHolding(r.key())) {
      send(r, node, r.key(), r.value());
    }
  }

  /** The first pod on a node referencing an object brings the object there (before the pod itself). */
  private void addRef(Record<String, ObjectEvent> r, String ref, String node, String podKey) {
    boolean held = holds(ref, node);
    refs.put(refKey(ref, node, podKey), "");
    ObjectEvent object = objects.get(ref);
    if (!held && object != null) {
      send(r, node, ref, object);
    }
  }

  /** The last pod on a node referencing an object takes it away (a tombstone). */
  private void dropRef(Record<String, ObjectEvent> r, String ref, String node, String podKey) {
    refs.delete(refKey(ref, node, podKey));
    if (!holds(ref, node) && objects.get(ref) != null) {
      send(r, node, ref, null);
    }
  }

  private boolean holds(String ref, String node) {
    try (KeyValueIterator<String, String> it = refs.prefixScan(ref + "|" + node + "|", KEYS)) {
      return it.hasNext();
    }
  }

  private Set<String> nodesHolding(String ref) {
    Set<String> nodes = new LinkedHashSet<>();
    String prefix = ref + "|";
    try (KeyValueIterator<String, String> it = refs.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(kv -> {
        String rest = kv.key.substring(prefix.length());
        nodes.add(rest.substring(0, rest.indexOf('|')));
      });
    }
    return nodes;
  }

  /** Object names cannot contain '|', so the separator keeps "cm/a|" from matching "cm/a-b|". */
  private static String refKey(String ref, String node, String podKey) {
    return ref + "|" + node + "|" + podKey;
  }

  private void send(Record<String, ObjectEvent> r, String node, String key, ObjectEvent value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(NodeDispatcher.NODE_HEADER, node.getBytes(StandardCharsets.UTF_8));
    context.forward(r.withKey(key).withValue(value).withHeaders(headers));
  }
}
