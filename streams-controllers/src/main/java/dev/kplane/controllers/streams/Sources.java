package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.ObjectEvents;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Reply;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Inputs of controllers. A resource topic is read once per builder ({@link #changes}); the first processor sets
 * metadata.resourceVersion from the record's offset (it must: after a repartition the offset is not the RV) and
 * turns tombstones into deletions carrying the final object. The namespace-keyed controllers' changes are then
 * repartitioned together by namespace ({@link #namespaceKey}, in {@link ReconcileProcessor#buildAll}) into {@code
 * controllers.partitions} partitions, so a Deployment, its ReplicaSets and their Pods meet in one task.
 */
public final class Sources {
  private Sources() {}

  /** The changes of one resource type, keyed by object key, read from its resource topic. */
  public static KStream<String, Change> changes(StreamsBuilder builder, ControllerContext context, ResourceType type) {
    return context.memo(type, () -> builder
        .stream(context.topics().resource(type), Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withName("source-" + type.groupResource()))
        .process(() -> new Stamp(type), Named.as("stamp-" + type.groupResource())));
  }

  /**
   * The failed replies (code 400 and above, but 409: a conflict or AlreadyExists is seen in the resource topics) to
   * the {@link RequestIds#tag tagged} requests of these controllers, as changes of resource {@link RequestIds#REPLIES}
   * (naming the controller) keyed by the owner's namespace (topic {@code <application.id>-failed-replies-repartition}).
   */
  public static KStream<String, Change> failedReplies(StreamsBuilder builder, ControllerContext context,
      java.util.Set<String> controllers) {
    KStream<String, Reply> replies = context.memo(Reply.class, () -> builder.stream(context.topics().replies(),
        Consumed.with(Serdes.String(), KplaneSerdes.reply()).withName("source-replies")));
    return replies
        .filter((id, r) -> r != null && r.getCode() >= 400 && r.getCode() != 409
            && RequestIds.taggedByAny(r.getRequestId(), controllers), Named.as("replies-failed"))
        .map((id, r) -> KeyValue.pair(Objects.namespaceOf(RequestIds.owner(r.getRequestId())), RequestIds.change(r)),
            Named.as("replies-key"))
        .repartition(Repartitioned.with(Serdes.String(), Change.serde())
            .withName("failed-replies")
            .withNumberOfPartitions(context.partitions()));
  }

  /**
   * The key an object is repartitioned by for the namespace-keyed controllers: its namespace. A Namespace is keyed by
   * its own name, so it meets the objects inside it; other cluster-scoped objects all go to the key "".
   */
  public static String namespaceKey(ResourceType type, ObjectNode object) {
    return type.resource().equals("namespaces") && type.group().isEmpty() ? Objects.name(object) : Objects.namespace(object);
  }

  /** Sets the RV from the offset; a tombstone becomes a deletion with the header's final object (or is dropped). */
  private static final class Stamp implements Processor<String, byte[], String, Change> {
    private final ResourceType type;
    private ProcessorContext<String, Change> context;

    Stamp(ResourceType type) {
      this.type = type;
    }

    @Override
    public void init(ProcessorContext<String, Change> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
      long offset = context.recordMetadata().map(RecordMetadata::offset).orElseThrow();
      ObjectNode object = record.value() == null
          ? ObjectEvents.deleted(record.headers(), offset)
          : ObjectEvents.object(record.value(), offset);
      if (object != null) {
        context.forward(record.withValue(new Change(type.groupResource(), record.value() == null, object)));
      }
    }
  }
}
