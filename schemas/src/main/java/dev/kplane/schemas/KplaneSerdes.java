package dev.kplane.schemas;

import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for kplane's Avro records (single-object encoding, as {@link Records} writes them), for Kafka Streams. */
public final class KplaneSerdes {
  private KplaneSerdes() {}

  public static Serde<ObjectEvent> objectEvent() {
    return avro(Records::objectEvent);
  }

  public static Serde<Request> request() {
    return avro(Records::request);
  }

  public static Serde<Reply> reply() {
    return avro(Records::reply);
  }

  private static <T extends SpecificRecord> Serde<T> avro(Function<byte[], T> decode) {
    return Serdes.serdeFrom((topic, v) -> v == null ? null : Records.bytes(v),
        (topic, b) -> b == null ? null : decode.apply(b));
  }
}
