package dev.kplane.apiserver.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.kplane.apiserver.api.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * A decoded Kubernetes protobuf message as the JSON its Go type marshals to: the Go types with their own
 * MarshalJSON (Time, Quantity, IntOrString, ...) by message name, every other message field by field.
 */
final class ProtoToJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  private ProtoToJson() {}

  static ObjectNode object(Message message) {
    ObjectNode out = NODES.objectNode();
    writeFields(message, out);
    return out;
  }

  private static void writeFields(Message message, ObjectNode out) {
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      String name = GoJsonFields.jsonName(field);
      if (field.isMapField()) {
        if (message.getRepeatedFieldCount(field) > 0) {
          out.set(name, map(field, message));
        }
      } else if (field.isRepeated()) {
        if (message.getRepeatedFieldCount(field) > 0) {
          out.set(name, list(field, message));
        }
      } else if (!message.hasField(field)) {
        // Go had nil there (a pointer, or a slice); omitempty or not, decoding either gives the same object
      } else if (GoJsonFields.inlined(field)) {
        writeFields((Message) message.getField(field), out);
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        out.set(name, value(field, message.getField(field)));
      } else if (!isZero(message.getField(field)) || GoJsonFields.writesZero(field)) {
        out.set(name, value(field, message.getField(field)));
      }
    }
  }

  private static ObjectNode map(FieldDescriptor field, Message message) {
    FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor val = field.getMessageType().findFieldByNumber(2);
    ObjectNode out = NODES.objectNode();
    for (Object e : (List<?>) message.getField(field)) {
      Message entry = (Message) e;
      out.set(String.valueOf(entry.getField(key)), value(val, entry.getField(val)));
    }
    return out;
  }

  private static ArrayNode list(FieldDescriptor field, Message message) {
    ArrayNode out = NODES.arrayNode();
    for (Object item : (List<?>) message.getField(field)) {
      out.add(value(field, item));
    }
    return out;
  }

  private static JsonNode value(FieldDescriptor field, Object v) {
    return switch (field.getJavaType()) {
      case MESSAGE -> message((Message) v);
      case STRING -> NODES.textNode((String) v);
      case INT -> NODES.numberNode((Integer) v);
      case LONG -> number((Long) v);
      case BOOLEAN -> NODES.booleanNode((Boolean) v);
      case FLOAT -> NODES.numberNode((Float) v);
      case DOUBLE -> NODES.numberNode((Double) v);
      case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case ENUM -> NODES.textNode(v.toString());
    };
  }

  /** The node a JSON parser makes of the same number, so the tree equals the one an application/json body gives. */
  private static JsonNode number(long v) {
    return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
  }

  private static boolean isZero(Object v) {
    return v instanceof String s && s.isEmpty()
        || v instanceof Number n && n.doubleValue() == 0
        || v instanceof Boolean b && !b
        || v instanceof ByteString bytes && bytes.isEmpty();
  }

  private static JsonNode message(Message m) {
    String type = m.getDescriptorForType().getFullName();
    return switch (type) {
      case META + "Time" -> time(m, false);
      case META + "MicroTime" -> time(m, true);
      case META + "Duration" -> NODES.textNode(GoFormats.duration(longField(m, "duration")));
      case META + "FieldsV1" -> embedded(bytesField(m, "Raw"));
      case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> embedded(bytesField(m, "raw"));
      // a Go client sends the canonical text its MarshalJSON would write; kplane parses it as from JSON
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" ->
          NODES.textNode((String) m.getField(m.getDescriptorForType().findFieldByName("string")));
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(m);
      // named []string types: a JSON array in Go, a message with one repeated field in protobuf
      case META + "Verbs", "k8s.io.api.authentication.v1.ExtraValue" ->
          list(m.getDescriptorForType().findFieldByName("items"), m);
      default -> object(m);
    };
  }

  /** The zero time (sent as an empty message) is null in Go's JSON, omitempty or not. */
  private static JsonNode time(Message m, boolean micro) {
    long seconds = longField(m, "seconds");
    int nanos = (int) m.getField(m.getDescriptorForType().findFieldByName("nanos"));
    if (seconds == 0 && nanos == 0) {
      return NODES.nullNode();
    }
    if (nanos < 0 || nanos > 999_999_999) {
      throw Status.badRequest("the body of the request was in an unknown format: invalid time: nanos " + nanos);
    }
    int year = Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC).getYear();
    if (year < 0 || year > 9999) {
      throw Status.badRequest("the body of the request was in an unknown format: Time.MarshalJSON: year outside of range [0,9999]");
    }
    return NODES.textNode(micro ? GoFormats.microTime(seconds, nanos) : GoFormats.time(seconds, nanos));
  }

  private static JsonNode intOrString(Message m) {
    long type = longField(m, "type");
    if (type == 0) {
      return NODES.numberNode((Integer) m.getField(m.getDescriptorForType().findFieldByName("intVal")));
    }
    if (type == 1) {
      return NODES.textNode((String) m.getField(m.getDescriptorForType().findFieldByName("strVal")));
    }
    throw Status.badRequest("the body of the request was in an unknown format: impossible IntOrString.Type");
  }

  /** RawExtension and FieldsV1 carry JSON (or, from a protobuf client, possibly a whole protobuf object). */
  private static JsonNode embedded(ByteString raw) {
    if (raw.isEmpty()) {
      return NODES.nullNode();
    }
    return KubeProtobuf.decodeEmbedded(raw.toByteArray());
  }

  private static long longField(Message m, String name) {
    return (Long) m.getField(m.getDescriptorForType().findFieldByName(name));
  }

  private static ByteString bytesField(Message m, String name) {
    return (ByteString) m.getField(m.getDescriptorForType().findFieldByName(name));
  }
}
