package dev.kplane.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.codec.KubeProtobuf;
import dev.kplane.apiserver.registry.fields.WarningHeaders;
import dev.kplane.schemas.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.List;

/** Reading requests and writing responses the way kube-apiserver does: JSON bodies, Status on every error. */
final class Exchanges {
  static final String JSON = "application/json";

  private Exchanges() {}

  static String query(HttpServerExchange ex, String name) {
    Deque<String> v = ex.getQueryParameters().get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  /** A boolean parameter as Go's strconv.ParseBool reads it (clients send "true", "True", "1" ...); bare means true. */
  static boolean queryFlag(HttpServerExchange ex, String name) {
    String v = query(ex, name);
    if (v == null) {
      return false;
    }
    return switch (v) {
      case "", "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw Status.badRequest("invalid value for " + name + ": strconv.ParseBool: parsing \"" + v
          + "\": invalid syntax");
    };
  }

  static long queryLong(HttpServerExchange ex, String name) {
    String v = query(ex, name);
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Status.badRequest("invalid value for " + name + ": " + v);
    }
  }

  /** The body, refused with 413 beyond kube-apiserver's limit (before reading it all when the length is declared). */
  static byte[] body(HttpServerExchange ex) throws IOException {
    long declared = ex.getRequestContentLength();
    if (declared > Status.MAX_REQUEST_BODY_BYTES) {
      throw Status.tooLarge(Status.MAX_REQUEST_BODY_BYTES);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    InputStream in = ex.getInputStream();
    byte[] buf = new byte[16384];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      if (out.size() > Status.MAX_REQUEST_BODY_BYTES) {
        throw Status.tooLarge(Status.MAX_REQUEST_BODY_BYTES);
      }
    }
    return out.toByteArray();
  }

  /** Decodes a JSON, YAML or Kubernetes protobuf object body; anything else is a 400 or 415 as kube-apiserver answers. */
  static ObjectNode decodeObject(HttpServerExchange ex, byte[] body) {
    String ct = contentType(ex);
    JsonNode node;
    try {
      if (ct.equals("application/yaml") || ct.equals("application/apply-patch+yaml")) {
        node = Json.YAML.readTree(body);
      } else if (ct.isEmpty() || ct.equals(JSON) || ct.endsWith("+json")) {
        node = Json.MAPPER.readTree(body);
      } else if (ct.equals(KubeProtobuf.CONTENT_TYPE)) {
        node = KubeProtobuf.decode(body);
      } else {
        throw Status.unsupportedMediaType(ct);
      }
    } catch (JsonProcessingException e) {
      throw Status.badRequest("the body of the request was in an unknown format: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw Status.badRequest("the body of the request could not be read: " + e.getMessage());
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw Status.badRequest("the body of the request is empty");
    }
    if (!(node instanceof ObjectNode obj)) {
      throw Status.badRequest("the body of the request must be an object, not " + node.getNodeType().name().toLowerCase());
    }
    if (obj.has("metadata") && !obj.get("metadata").isObject()) {
      throw Status.badRequest("metadata must be an object");
    }
    return obj;
  }

  static String contentType(HttpServerExchange ex) {
    String ct = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase();
  }

  static void send(HttpServerExchange ex, int code, JsonNode body) {
    send(ex, code, body, JSON);
  }

  /**
   * Writes a JSON body as kube-apiserver's encoder does: a Status carries its code last, and every body ends with a
   * newline (clients that compare bodies, such as the python client's tests, see the same bytes).
   */
  static void send(HttpServerExchange ex, int code, JsonNode body, String contentType) {
    ex.setStatusCode(code);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode o && "Status".equals(o.path("kind").asText())
        && o.has("code")) {
      o.set("code", o.remove("code"));
    }
    byte[] json = Json.bytes(body);
    byte[] bytes = java.util.Arrays.copyOf(json, json.length + 1);
    bytes[json.length] = '\n';
    ex.setResponseContentLength(bytes.length);
    if (ex.isBlocking()) {
      try {
        ex.getOutputStream().write(bytes);
        ex.getOutputStream().close();
      } catch (IOException e) {
        // the client went away; nothing to tell it
      }
    } else {
      ex.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
  }

  /** The request's warnings as Warning headers ({@code 299 - "text"}), kept on an error answer too, as kube does. */
  static void warn(HttpServerExchange ex, List<String> warnings) {
    WarningHeaders.of(warnings).forEach(h -> ex.getResponseHeaders().add(Headers.WARNING, h));
  }

  static void sendError(HttpServerExchange ex, ApiException e) {
    send(ex, e.code(), e.status());
  }

  static void sendText(HttpServerExchange ex, int code, String text) {
    ex.setStatusCode(code);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(text);
  }

  /**
   * Who the request is from. There is no authentication yet (every client is anonymous and allowed everything,
   * as with kube-apiserver's AlwaysAllow), so an {@code Impersonate-User} header (kubectl --as, and the Kafka
   * door acting for in-cluster components) names the user, as kube-apiserver's impersonation filter does.
   */
  static String principal(HttpServerExchange ex) {
    String user = ex.getRequestHeaders().getFirst("Impersonate-User");
    return user == null || user.isBlank() ? dev.kplane.apiserver.registry.RequestContext.ANONYMOUS : user;
  }
}
