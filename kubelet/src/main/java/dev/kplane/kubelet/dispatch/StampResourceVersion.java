package dev.kplane.kubelet.dispatch;

import dev.kplane.schemas.Json;
import dev.kplane.schemas.ObjectEvents;
import dev.kplane.schemas.avro.ObjectEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads a resource topic: sets each object's metadata.resourceVersion from the record's offset (here, on the
 * resource topic itself, where offset + 1 IS the resourceVersion) and prefixes the key with the resource
 * ("configmaps/", "secrets/"; pods keep "ns/name"), so the three inputs share one key space. The source's
 * headers (a tombstone's final object) are not passed on.
 */
final class StampResourceVersion implements ProcessorSupplier<String, ObjectEvent, String, ObjectEvent> {
  private final String keyPrefix;

  StampResourceVersion(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  @Override
  public Processor<String, ObjectEvent, String, ObjectEvent> get() {
    return new Processor<>() {
      private ProcessorContext<String, ObjectEvent> context;

      @Override
      public void init(ProcessorContext<String, ObjectEvent> context) {
        this.context = context;
      }

      @Override
      public void process(Record<String, ObjectEvent> r) {
        ObjectEvent e = r.value();
        if (e != null) {
          long offset = context.recordMetadata().orElseThrow().offset();
          e = ObjectEvent.newBuilder(e).setObject(Json.write(ObjectEvents.object(e, offset))).build();
        }
        context.forward(r.withKey(keyPrefix + r.key()).withValue(e).withHeaders(new RecordHeaders()));
      }
    };
  }
}
