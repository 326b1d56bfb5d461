package dev.kplane.scheduler.topology;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.Topics;
import dev.kplane.scheduler.SchedulerOptions;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The scheduler as one Kafka Streams processor over the pods, nodes and PodDisruptionBudget topics and the
 * replies to its own requests; it writes API requests (bindings, status, Events, deletions). Pods carry their
 * spec.priority from the API server's Priority admission, so PriorityClasses are not read here.
 *
 * <p>Every resource topic has one partition, so a single task sees the whole cluster and makes every decision:
 * the global view that scheduling needs. The replies topic has more partitions; the scheduler asks for its
 * replies on partition 0, which belongs to the same task (the other tasks only see replies meant for others).
 * The resourceVersion of each object is taken from the offset of the resource topic the record comes from:
 * nothing is repartitioned.
 */
public final class SchedulerTopology {
  public static final String NODES_STORE = "scheduler-nodes";
  /** Bound pods by key: the pods each node's resources are allocated to. */
  public static final String ALLOCATIONS_STORE = "scheduler-allocations";
  public static final String PENDING_STORE = "scheduler-pending";
  /** Bindings sent and not yet seen applied: pod key to node, request id, precondition and deadline. */
  public static final String ASSUMED_STORE = "scheduler-assumed";
  public static final String PDBS_STORE = "scheduler-poddisruptionbudgets";
  static final List<String> STORES = List.of(NODES_STORE, ALLOCATIONS_STORE, PENDING_STORE, ASSUMED_STORE,
      PDBS_STORE);

  private SchedulerTopology() {}

  /** The scheduler of these options: its profiles from the configuration file, or the defaults. */
  public static void build(StreamsBuilder builder, Topics topics, SchedulerOptions options) {
    build(builder, topics, Profiles.load(options.configFile()));
  }

  public static void build(StreamsBuilder builder, Topics topics, Profiles profiles) {
    for (String store : STORES) {
      builder.addStateStore(store(store));
    }
    builder.stream(inputs(topics), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("scheduler-inputs"))
        .process(() -> new SchedulerProcessor(topics, profiles), Named.as("scheduler"), STORES.toArray(String[]::new))
        .to(topics.requests(), Produced.with(Serdes.String(), KplaneSerdes.request()).withName("scheduler-requests"));
  }

  public static List<String> inputs(Topics topics) {
    return List.of(podsTopic(topics), nodesTopic(topics), pdbsTopic(topics), topics.replies());
  }

  static String podsTopic(Topics topics) {
    return topics.resource(BuiltinResources.find("", "pods").orElseThrow());
  }

  static String nodesTopic(Topics topics) {
    return topics.resource(BuiltinResources.find("", "nodes").orElseThrow());
  }

  static String pdbsTopic(Topics topics) {
    return topics.resource(BuiltinResources.find("policy", "poddisruptionbudgets").orElseThrow());
  }

  /** RocksDB-backed and logged, so a restarted or moved task restores it from its changelog. */
  static StoreBuilder<KeyValueStore<String, String>> store(String name) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
  }
}
