package dev.kplane.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.JsonSerdes;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The node lifecycle controller's task: stores of its nodes, their leases and their pods (key node/namespace/name),
 * and a wall-clock punctuation that turns the decisions into requests. A request identical to one sent less than
 * {@link #REPEAT_AFTER} ago is not sent again (it waits to be observed).
 */
final class NodeLifecycleProcessor implements ProcessorSupplier<String, Change, String, Request> {
  static final String NODES = NodeLifecycleController.NAME + "-nodes";
  static final String LEASES = NodeLifecycleController.NAME + "-leases";
  static final String PODS = NodeLifecycleController.NAME + "-pods";
  static final Duration REPEAT_AFTER = Duration.ofSeconds(10);
  private static final String PRINCIPAL = ControllerContext.principal("node");

  private final Duration grace;
  private final Duration period;

  NodeLifecycleProcessor(Duration grace, Duration period) {
    this.grace = grace;
    this.period = period;
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return Set.of(store(NODES), store(LEASES), store(PODS));
  }

  private static StoreBuilder<?> store(String name) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerdes.object());
  }

  @Override
  public Processor<String, Change, String, Request> get() {
    return new Monitor();
  }

  private final class Monitor implements Processor<String, Change, String, Request> {
    private ProcessorContext<String, Request> context;
    private KeyValueStore<String, ObjectNode> nodes;
    private KeyValueStore<String, ObjectNode> leases;
    private KeyValueStore<String, ObjectNode> pods;
    private final Map<String, KeyValue<String, Long>> sent = new HashMap<>();
    private Cancellable monitoring;

    @Override
    public void init(ProcessorContext<String, Request> context) {
      close(); // Streams inits the same instance again when it resumes a suspended task
      this.context = context;
      nodes = context.getStateStore(NODES);
      leases = context.getStateStore(LEASES);
      pods = context.getStateStore(PODS);
      monitoring = context.schedule(period, PunctuationType.WALL_CLOCK_TIME, this::monitor);
    }

    @Override
    public void close() {
      if (monitoring != null) {
        monitoring.cancel();
        monitoring = null;
      }
      sent.clear();
    }

    @Override
    public void process(Record<String, Change> record) {
      Change c = record.value();
      String node = record.key();
      KeyValueStore<String, ObjectNode> store = c.resource().equals(NodeLifecycleController.NODES.groupResource())
          ? nodes : c.resource().equals(NodeLifecycleController.LEASES.groupResource()) ? leases : pods;
      String key = store == pods ? node + "/" + Objects.key(c.object()) : node;
      if (c.deleted()) {
        store.delete(key);
      } else {
        store.put(key, c.object());
      }
      if (store != leases) {
        check(node, context.currentSystemTimeMs());
      }
    }

    private void monitor(long now) {
      sent.values().removeIf(v -> now - v.value >= REPEAT_AFTER.toMillis());
      List<String> names = new ArrayList<>();
      try (KeyValueIterator<String, ObjectNode> it = nodes.all()) {
        it.forEachRemaining(kv -> names.add(kv.key));
      }
      names.forEach(n -> check(n, now));
    }

    /** One node: its health, else its taints, then its pods. */
    private void check(String name, long nowMs) {
      ObjectNode node = nodes.get(name);
      if (node == null) {
        return;
      }
      Instant now = Instant.ofEpochMilli(nowMs);
      String path = ApiRequests.objectPath(NodeLifecycleController.NODES, null, name);
      if (NodeHealth.stale(node, leases.get(name), now, grace)) {
        ObjectNode unknown = NodeHealth.markUnknown(node, now);
        if (unknown != null) {
          send(ApiRequests.update(path + "/status", unknown, PRINCIPAL), nowMs);
          return;
        }
      }
      List<Taint> taints = NodeTaints.desired(node, now);
      if (taints != null) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", Objects.resourceVersion(node));
        ArrayNode list = patch.putObject("spec").putArray("taints");
        taints.forEach(t -> list.add(t.toJson()));
        send(ApiRequests.patch(path, ApiRequests.MERGE_PATCH, patch, PRINCIPAL), nowMs);
      }
      List<Taint> current = new ArrayList<>();
      node.path("spec").path("taints").forEach(t -> current.add(Taint.of(t)));
      boolean ready = NodeHealth.condition(node, "Ready").path("status").asText("").equals("True");
      try (KeyValueIterator<String, ObjectNode> it = pods.prefixScan(name + "/", new StringSerializer())) {
        while (it.hasNext()) {
          ObjectNode pod = it.next().value;
          if (Objects.meta(pod).hasNonNull("deletionTimestamp")) {
            continue;
          }
          Optional<Instant> at = TaintEviction.evictAt(pod, current);
          String podPath = ApiRequests.objectPath(NodeLifecycleController.PODS, Objects.namespace(pod), Objects.name(pod));
          if (at.isPresent() && !at.get().isAfter(now)) {
            ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
            options.putObject("preconditions").put("uid", Objects.uid(pod));
            send(ApiRequests.delete(podPath, options, PRINCIPAL), nowMs);
          } else if (!ready && !NodeHealth.condition(node, "Ready").isMissingNode()) {
            ObjectNode notReady = PodReadiness.markNotReady(pod, now);
            if (notReady != null) {
              send(ApiRequests.update(podPath + "/status", notReady, PRINCIPAL), nowMs);
            }
          }
        }
      }
    }

    private void send(Request r, long now) {
      String body = r.getVerb() + " " + r.getBody();
      KeyValue<String, Long> last = sent.get(r.getPath());
      if (last != null && last.key.equals(body)) {
        return;
      }
      sent.put(r.getPath(), KeyValue.pair(body, now));
      context.forward(new Record<>(ApiRequests.key(r), r, now));
    }
  }

  /** nodeutil.MarkPodsNotReady for one pod: its Ready condition becomes False. */
  static final class PodReadiness {
    private PodReadiness() {}

    static ObjectNode markNotReady(JsonNode pod, Instant now) {
      for (JsonNode c : pod.path("status").path("conditions")) {
        if (c.path("type").asText().equals("Ready") && !c.path("status").asText().equals("False")) {
          ObjectNode next = pod.deepCopy();
          for (JsonNode nc : next.path("status").path("conditions")) {
            if (nc.path("type").asText().equals("Ready")) {
              ((ObjectNode) nc).put("status", "False").put("lastTransitionTime", NodeHealth.timestamp(now));
            }
          }
          return next;
        }
      }
      return null;
    }
  }
}
