package dev.kplane.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.avro.ObjectEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Objects as consumers of a resource topic see them. The resourceVersion is not in the stored JSON: it is the
 * record's offset + 1 (as kube-apiserver takes it from etcd's mod_revision), so a reader sets it from the offset.
 * A consumer that repartitions (Kafka Streams) must set it while it still reads the resource topic itself: the
 * offset of a repartition topic is not a resourceVersion.
 */
public final class ObjectEvents {
  private ObjectEvents() {}

  /** The resourceVersion of the record at this offset of a resource topic. */
  public static long resourceVersion(long offset) {
    return offset + 1;
  }

  /** The object of a live record, with metadata.resourceVersion set from the offset. */
  public static ObjectNode object(byte[] value, long offset) {
    return object(Records.objectEvent(value), offset);
  }

  public static ObjectNode object(ObjectEvent e, long offset) {
    ObjectNode obj = (ObjectNode) Json.parse(e.getObject());
    if (!(obj.get("metadata") instanceof ObjectNode)) {
      obj.putObject("metadata");
    }
    ((ObjectNode) obj.get("metadata")).put("resourceVersion", Long.toString(resourceVersion(offset)));
    return obj;
  }

  /**
   * The final object a tombstone (null value) carries in its {@link Records#EVENT_HEADER} header, with the
   * tombstone's resourceVersion; null when the record has no such header (a tombstone not written by kplane).
   */
  public static ObjectNode deleted(Headers headers, long offset) {
    Header h = headers == null ? null : headers.lastHeader(Records.EVENT_HEADER);
    return h == null ? null : object(h.value(), offset);
  }
}
