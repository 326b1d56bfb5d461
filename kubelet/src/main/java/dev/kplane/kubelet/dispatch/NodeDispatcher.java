package dev.kplane.kubelet.dispatch;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.ObjectEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The dispatcher topology: every bound pod, and the ConfigMaps and Secrets it references, into the compacted
 * topic of its node, {@code <prefix>.node.<nodeName>} (one partition), which a kubelet reads from the start to
 * know everything it must run.
 *
 * <p>Record format of a node topic (what a kubelet reads):
 * <ul>
 *   <li>key: a pod {@code <namespace>/<name>}, a ConfigMap {@code configmaps/<namespace>/<name>} or a Secret
 *       {@code secrets/<namespace>/<name>}.</li>
 *   <li>value: the Avro {@link ObjectEvent} of the source topic (same schema, single-object encoding, read with
 *       {@code KplaneSerdes.objectEvent()} / {@code Records.objectEvent}), except that its {@code object} JSON
 *       CARRIES {@code metadata.resourceVersion}: the resourceVersion of the object in its own resource topic
 *       (not the node topic's offset). Use it as is for preconditions and status updates.</li>
 *   <li>null value (tombstone): the pod was deleted or is no longer bound to this node; a ConfigMap/Secret was
 *       deleted or no pod on this node references it any more.</li>
 *   <li>header {@value #NODE_HEADER}: the node name (the dispatcher routes by it). Source headers are dropped.</li>
 * </ul>
 * Order within a node topic: an object a pod references is written before the pod that first brings it to the
 * node, so a kubelet reading in order has a pod's ConfigMaps/Secrets when it sees the pod (if they exist);
 * every later change of a referenced object is re-sent. Every pod change is sent (status updates included).
 * The app runs exactly-once: read node topics with {@code isolation.level=read_committed}.
 */
public final class NodeDispatcher {
  public static final String APPLICATION_ID_SUFFIX = "-dispatcher";
  public static final String NODE_HEADER = "kplane.node";
  static final String PLACEMENTS_STORE = "dispatcher-pod-placements";
  static final String OBJECTS_STORE = "dispatcher-config-objects";
  static final String REFS_STORE = "dispatcher-config-refs";

  private NodeDispatcher() {}

  /** Creates node topics as they are first used; {@link #NONE} when something else does (tests). */
  @FunctionalInterface
  public interface NodeTopics {
    NodeTopics NONE = topic -> {};

    void ensure(String topic);
  }

  public static void build(StreamsBuilder builder, Topics topics) {
    build(builder, topics, NodeTopics.NONE);
  }

  public static void build(StreamsBuilder builder, Topics topics, NodeTopics nodeTopics) {
    Serde<ObjectEvent> events = KplaneSerdes.objectEvent();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PLACEMENTS_STORE),
        Serdes.String(), Serdes.String()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OBJECTS_STORE),
        Serdes.String(), events));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REFS_STORE),
        Serdes.String(), Serdes.String()));

    KStream<String, ObjectEvent> pods = source(builder, topics, "pods", "");
    KStream<String, ObjectEvent> configMaps = source(builder, topics, "configmaps", "configmaps/");
    KStream<String, ObjectEvent> secrets = source(builder, topics, "secrets", "secrets/");
    pods.merge(configMaps, Named.as("dispatcher-merge-configmaps")).merge(secrets, Named.as("dispatcher-merge-secrets"))
        .process(DispatchProcessor::new, Named.as("dispatcher-route"), PLACEMENTS_STORE, OBJECTS_STORE, REFS_STORE)
        .to(nodeTopic(topics, nodeTopics), Produced.with(Serdes.String(), events).withName("dispatcher-node-topics"));
  }

  private static KStream<String, ObjectEvent> source(StreamsBuilder builder, Topics topics, String resource,
      String keyPrefix) {
    ResourceType type = BuiltinResources.find("", resource).orElseThrow();
    return builder.stream(topics.resource(type), Consumed.with(Serdes.String(), KplaneSerdes.objectEvent())
            .withName("dispatcher-source-" + resource))
        .process(new StampResourceVersion(keyPrefix), Named.as("dispatcher-rv-" + resource));
  }

  private static TopicNameExtractor<String, ObjectEvent> nodeTopic(Topics topics, NodeTopics nodeTopics) {
    return (key, value, context) -> {
      String topic = topics.node(new String(context.headers().lastHeader(NODE_HEADER).value(), StandardCharsets.UTF_8));
      nodeTopics.ensure(topic);
      return topic;
    };
  }
}
