package dev.kplane.kubelet.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The kubelet's door to the API server: JSON over HTTP, as a real kubelet writes pod/node status and Leases. */
public final class ApiClient {
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String userAgent;

  /** An answer: the HTTP status and the body (an object or a Status), null when empty. */
  public record Response(int code, JsonNode body) {
    public boolean ok() {
      return code >= 200 && code < 300;
    }

    public String message() {
      return body == null || body.get("message") == null ? "HTTP " + code : body.get("message").asText();
    }
  }

  public ApiClient(String baseUrl, String nodeName) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.userAgent = "kubelet/v1.32.0 (linux) kplane/" + nodeName;
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response post(String path, Object body) {
    return send(request(path).POST(json(body)));
  }

  public Response put(String path, Object body) {
    return send(request(path).PUT(json(body)));
  }

  public Response delete(String path, Object body) {
    return send(request(path).method("DELETE", json(body)));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Accept", "application/json").header("User-Agent", userAgent);
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    return HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body));
  }

  private Response send(HttpRequest.Builder req) {
    try {
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      String b = r.body();
      return new Response(r.statusCode(), b == null || b.isBlank() ? null : Json.parse(b));
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", x);
    }
  }
}
