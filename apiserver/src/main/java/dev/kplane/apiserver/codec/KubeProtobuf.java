package dev.kplane.apiserver.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.Json;
import io.kubernetes.client.proto.Runtime;
import java.io.IOException;
import java.util.Arrays;

/**
 * Request bodies in application/vnd.kubernetes.protobuf (k8s.io/apimachinery/pkg/runtime/serializer/protobuf):
 * the magic "k8s\0", then a runtime.Unknown whose typeMeta names the object and whose raw holds the object's own
 * message. The result is the JSON object the same client would have sent as application/json, since the store
 * keeps JSON.
 */
public final class KubeProtobuf {
  public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final String UNKNOWN_FORMAT = "the body of the request was in an unknown format: ";

  private KubeProtobuf() {}

  /** The object in a protobuf request body, with apiVersion and kind from the envelope. */
  public static ObjectNode decode(byte[] body) throws ApiException {
    if (body.length == 0) {
      throw Status.badRequest(UNKNOWN_FORMAT + "empty data");
    }
    if (!hasMagic(body)) {
      throw Status.badRequest(UNKNOWN_FORMAT
          + "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    }
    if (body.length == MAGIC.length) {
      throw Status.badRequest(UNKNOWN_FORMAT + "empty body");
    }
    Runtime.Unknown envelope;
    try {
      envelope = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
    } catch (InvalidProtocolBufferException e) {
      throw Status.badRequest(UNKNOWN_FORMAT + e.getMessage());
    }
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    // the messages of runtime.NewMissingKindErr / NewMissingVersionErr, which print the Go TypeMeta with %#v
    String typeMeta = "runtime.TypeMeta{APIVersion:\"" + apiVersion + "\", Kind:\"" + kind + "\"}";
    if (kind.isEmpty()) {
      throw Status.badRequest("Object 'Kind' is missing in '" + typeMeta + "'");
    }
    if (apiVersion.isEmpty()) {
      throw Status.badRequest("Object 'apiVersion' is missing in '" + typeMeta + "'");
    }
    Descriptor type = KubeMessages.find(apiVersion, kind).orElseThrow(() -> Status.badRequest(
        UNKNOWN_FORMAT + "no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\" in protobuf"));
    DynamicMessage object;
    try {
      object = DynamicMessage.parseFrom(type, envelope.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw Status.badRequest(UNKNOWN_FORMAT + kind + ": " + e.getMessage());
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("apiVersion", apiVersion);
    json.put("kind", kind);
    json.setAll(ProtoToJson.object(object));
    return json;
  }

  /**
   * The content of a RawExtension or FieldsV1: JSON as a rule, though a protobuf client may embed a whole
   * protobuf-encoded object in a RawExtension.
   */
  static JsonNode decodeEmbedded(byte[] raw) {
    if (hasMagic(raw)) {
      return decode(raw);
    }
    try {
      JsonNode node = Json.MAPPER.readTree(raw);
      return node.isMissingNode() ? Json.MAPPER.nullNode() : node;
    } catch (JsonProcessingException e) {
      throw Status.badRequest(UNKNOWN_FORMAT + "embedded object: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw Status.badRequest(UNKNOWN_FORMAT + "embedded object: " + e.getMessage());
    }
  }

  private static boolean hasMagic(byte[] data) {
    return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }
}
