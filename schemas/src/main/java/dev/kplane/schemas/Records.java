package dev.kplane.schemas;

import dev.kplane.schemas.avro.AuditEvent;
import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (a fingerprint of the schema, then the binary record) for every record kplane
 * writes, so a consumer outside kplane can tell which schema a value has.
 */
public final class Records {
  /** Header of a tombstone in a resource topic: the DELETED ObjectEvent with the final object. */
  public static final String EVENT_HEADER = "kplane.event";

  private Records() {}

  /** Encoders are thread-safe and costly to build (each fingerprints its schema): one per schema. */
  private static final Map<Schema, BinaryMessageEncoder<SpecificRecord>> ENCODERS = new ConcurrentHashMap<>();

  public static <T extends SpecificRecord> byte[] bytes(T record) {
    try {
      return ENCODERS.computeIfAbsent(record.getSchema(), s -> new BinaryMessageEncoder<>(SpecificData.get(), s))
          .encode(record).array();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  public static ObjectEvent objectEvent(byte[] b) {
    return decode(ObjectEvent.getDecoder(), b);
  }

  public static Command command(byte[] b) {
    return decode(Command.getDecoder(), b);
  }

  public static Reply reply(byte[] b) {
    return decode(Reply.getDecoder(), b);
  }

  public static AuditEvent auditEvent(byte[] b) {
    return decode(AuditEvent.getDecoder(), b);
  }

  public static Request request(byte[] b) {
    return decode(Request.getDecoder(), b);
  }

  private static <T> T decode(BinaryMessageDecoder<T> decoder, byte[] b) {
    try {
      return decoder.decode(b);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
