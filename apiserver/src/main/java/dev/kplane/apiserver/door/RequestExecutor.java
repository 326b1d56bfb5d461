package dev.kplane.apiserver.door;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Runs a Request through the API server's own HTTP pipeline on the loopback interface, as the principal the
 * request names (an {@code Impersonate-User} header, as kube-apiserver's impersonation filter reads it). Going
 * through HTTP keeps one pipeline for both doors: decoding, defaulting, admission, validation, preconditions and
 * every Status the HTTP door would answer.
 */
public final class RequestExecutor {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;

  public RequestExecutor(String host, int port) {
    this.base = URI.create("http://" + host + ":" + port);
  }

  public Reply execute(Request r) {
    String method = method(r.getVerb());
    if (method == null) {
      return reply(r.getRequestId(), 400, Json.write(dev.kplane.apiserver.api.Status.badRequest(
          "unknown request verb \"" + r.getVerb() + "\": use create, update, patch or delete").status()));
    }
    HttpRequest.BodyPublisher body = r.getBody() == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r.getBody());
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(r.getPath()))
        .timeout(Duration.ofSeconds(60))
        .header("Impersonate-User", r.getPrincipal())
        .header("User-Agent", userAgent(r.getPrincipal()))
        .header("Accept", "application/json")
        .method(method, body);
    if (r.getBody() != null) {
      b.header("Content-Type", r.getContentType() == null ? ApiRequests.JSON : r.getContentType());
    }
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("the API server did not answer request " + r.getRequestId(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running request " + r.getRequestId(), e);
    }
    return reply(r.getRequestId(), response.statusCode(), response.body());
  }

  static Reply reply(String requestId, int code, String body) {
    JsonNode json = body == null || body.isBlank() ? null : parse(body);
    boolean isStatus = json != null && "Status".equals(json.path("kind").asText());
    long rv = json == null || isStatus ? 0 : json.path("metadata").path("resourceVersion").asLong(0);
    return Reply.newBuilder()
        .setRequestId(requestId)
        .setOutcome(outcome(code, isStatus ? json.path("reason").asText() : ""))
        .setResourceVersion(rv)
        .setMessage(isStatus && code >= 300 ? json.path("message").asText(null) : null)
        .setCode(code)
        .setBody(body)
        .build();
  }

  static Outcome outcome(int code, String reason) {
    if (code >= 200 && code < 300) {
      return Outcome.APPLIED;
    }
    return switch (code) {
      case 409 -> "AlreadyExists".equals(reason) ? Outcome.ALREADY_EXISTS : Outcome.CONFLICT;
      case 404 -> Outcome.NOT_FOUND;
      default -> Outcome.ERROR;
    };
  }

  private static JsonNode parse(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String method(String verb) {
    return switch (verb) {
      case ApiRequests.CREATE -> "POST";
      case ApiRequests.UPDATE -> "PUT";
      case ApiRequests.PATCH -> "PATCH";
      case ApiRequests.DELETE -> "DELETE";
      default -> null;
    };
  }

  /** The field manager kube names from a User-Agent: system:serviceaccount:kube-system:replicaset-controller → replicaset-controller. */
  static String userAgent(String principal) {
    return principal.substring(principal.lastIndexOf(':') + 1);
  }
}
