package dev.kplane.apiserver.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns a resource-topic record into the object it holds, with its resourceVersion (offset + 1). */
public final class ObjectCodec {
  private ObjectCodec() {}

  /** The event a record carries; for a tombstone, the DELETED event from its header. */
  public static ObjectEvent event(ConsumerRecord<String, byte[]> r) {
    if (r.value() != null) {
      return Records.objectEvent(r.value());
    }
    Header h = r.headers().lastHeader(Records.EVENT_HEADER);
    return h == null ? null : Records.objectEvent(h.value());
  }

  public static CachedObject object(ConsumerRecord<String, byte[]> r, ObjectEvent event) {
    long rv = r.offset() + 1;
    ObjectNode body = event == null ? Json.MAPPER.createObjectNode() : (ObjectNode) Json.parse(event.getObject());
    withResourceVersion(body, rv);
    return new CachedObject(r.key(), body, rv);
  }

  public static EventType type(ConsumerRecord<String, byte[]> r, ObjectEvent event) {
    return r.value() == null ? EventType.DELETED : event.getType();
  }

  /** Sets metadata.resourceVersion in place: only on a body nobody else holds yet. */
  public static ObjectNode withResourceVersion(ObjectNode body, long rv) {
    ObjectNode meta = body.has("metadata") && body.get("metadata").isObject()
        ? (ObjectNode) body.get("metadata") : body.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    return body;
  }
}
