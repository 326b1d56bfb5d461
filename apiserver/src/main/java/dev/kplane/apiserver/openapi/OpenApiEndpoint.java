package dev.kplane.apiserver.openapi;

import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Serves /openapi/v2 and /openapi/v3[/&lt;group version&gt;] as kube-openapi's handlers do: content negotiation on
 * Accept (406 when nothing offered matches), ETag (the document's SHA-512) with 304 on If-None-Match, and for v3 a
 * 301 to the current ?hash= when a stale one is asked for, or immutable caching when it is current.
 */
public final class OpenApiEndpoint {
  private static final String JSON = "application/json";
  private static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  private static final String V2_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  private static final String V3_PREFIX = "/openapi/v3/";

  private final OpenApi openApi;
  private final Instant started = Instant.now();

  public OpenApiEndpoint(OpenApi openApi) {
    this.openApi = openApi;
  }

  /** Whether this endpoint serves the path. */
  public static boolean serves(String path) {
    return path.equals("/openapi/v2") || path.equals("/openapi/v3") || path.startsWith(V3_PREFIX);
  }

  public void handle(HttpServerExchange ex) throws IOException {
    String path = ex.getRequestPath();
    ex.getResponseHeaders().add(Headers.VARY, "Accept");
    if (path.equals("/openapi/v2")) {
      String type = negotiate(ex, List.of(JSON, V2_PROTOBUF_DEPRECATED, V2_PROTOBUF));
      if (type == null) {
        ex.setStatusCode(406);
        ex.endExchange();
        return;
      }
      boolean json = type.equals(JSON);
      send(ex, json ? JSON : V2_PROTOBUF, json ? openApi.v2Json() : openApi.v2Protobuf(), openApi.v2Etag());
    } else if (path.equals("/openapi/v3")) {
      byte[] index = Json.bytes(openApi.v3Index());
      send(ex, JSON, index, OpenApi.sha512(index));
    } else {
      groupVersion(ex, path.substring(V3_PREFIX.length()));
    }
  }

  private void groupVersion(HttpServerExchange ex, String gv) throws IOException {
    String hash = openApi.v3Hash(gv);
    if (hash == null) {
      throw Status.pathNotFound();
    }
    if (negotiate(ex, List.of(JSON)) == null) {
      ex.setStatusCode(406);
      ex.endExchange();
      return;
    }
    Deque<String> asked = ex.getQueryParameters().get("hash");
    if (asked != null && !asked.isEmpty() && !asked.getFirst().isEmpty()) {
      if (!asked.getFirst().equals(hash)) {
        ex.setStatusCode(301);
        ex.getResponseHeaders().put(Headers.LOCATION, V3_PREFIX + gv + "?hash=" + hash);
        ex.endExchange();
        return;
      }
      ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, immutable");
      ex.getResponseHeaders().put(Headers.EXPIRES,
          DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)));
    }
    send(ex, JSON, openApi.v3Json(gv), hash);
  }

  private void send(HttpServerExchange ex, String contentType, byte[] body, String etag) throws IOException {
    String quoted = "\"" + etag + "\"";
    ex.getResponseHeaders().put(Headers.ETAG, quoted);
    ex.getResponseHeaders().put(Headers.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
        started.atZone(ZoneOffset.UTC)));
    String ifNoneMatch = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.contains(quoted) || ifNoneMatch.trim().equals("*"))) {
      ex.setStatusCode(304);
      ex.endExchange();
      return;
    }
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    String encodings = ex.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING);
    if (encodings != null && encodings.contains("gzip")) {
      body = gzip(body);
      ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
    }
    ex.setStatusCode(200);
    ex.setResponseContentLength(body.length);
    try (OutputStream out = ex.getOutputStream()) {
      if (!ex.getRequestMethod().equals(new HttpString("HEAD"))) {
        out.write(body);
      }
    }
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  /**
   * The first offered type the Accept header allows, clauses taken by descending quality; a missing header accepts
   * anything. Wildcards match the first offered type, as goautoneg's order makes kube-openapi do.
   */
  static String negotiate(HttpServerExchange ex, List<String> offered) {
    String accept = ex.getRequestHeaders().getFirst(Headers.ACCEPT);
    return negotiate(accept == null || accept.isBlank() ? "*/*" : accept, offered);
  }

  static String negotiate(String accept, List<String> offered) {
    record Clause(String type, double q) {}
    List<Clause> clauses = new ArrayList<>();
    for (String part : accept.split(",")) {
      String[] fields = part.trim().split(";");
      double q = 1;
      for (int i = 1; i < fields.length; i++) {
        String f = fields[i].trim();
        if (f.startsWith("q=")) {
          try {
            q = Double.parseDouble(f.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) {
        clauses.add(new Clause(fields[0].trim().toLowerCase(), q));
      }
    }
    clauses.sort(Comparator.comparingDouble(Clause::q).reversed());
    for (Clause c : clauses) {
      for (String o : offered) {
        if (c.type().equals(o) || c.type().equals("*/*") || c.type().equals("application/*")) {
          return o;
        }
      }
    }
    return null;
  }
}
