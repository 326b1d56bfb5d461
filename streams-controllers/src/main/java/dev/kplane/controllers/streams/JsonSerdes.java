package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON serdes for store values: objects and the small state records of controllers. */
public final class JsonSerdes {
  private JsonSerdes() {}

  public static Serde<ObjectNode> object() {
    return Serdes.serdeFrom((topic, v) -> v == null ? null : Json.bytes(v),
        (topic, b) -> b == null ? null : (ObjectNode) tree(b));
  }

  /** A serde of a Java record or bean through the shared mapper. */
  public static <T> Serde<T> of(Class<T> type) {
    return Serdes.serdeFrom((topic, v) -> v == null ? null : Json.bytes(v), (topic, b) -> {
      try {
        return b == null ? null : Json.MAPPER.readValue(b, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static JsonNode tree(byte[] b) {
    try {
      return Json.MAPPER.readTree(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
