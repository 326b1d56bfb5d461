package dev.kplane.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.schemas.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * GET pods/log: validates the PodLogOptions, finds the pod's kubelet and streams its
 * {@code /containerLogs/<ns>/<pod>/<container>} answer through, chunk by chunk (so {@code follow} is live).
 * A pod not yet scheduled has an empty log, as in kube.
 */
public final class PodLogProxy {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final List<String> FLAGS = List.of("follow", "previous", "timestamps");
  private static final List<String> NUMBERS = List.of("sinceSeconds", "tailLines", "limitBytes");

  private final ObjectStore store;

  public PodLogProxy(ObjectStore store) {
    this.store = store;
  }

  public void handle(HttpServerExchange ex, String namespace, String name) throws IOException, InterruptedException {
    Map<String, Deque<String>> q = ex.getQueryParameters();
    String query = kubeletQuery(name, q);
    ObjectNode pod = store.get(KubeletLocation.PODS, namespace, name, null);
    String container = KubeletLocation.container(pod, first(q, "container"));
    KubeletLocation kubelet = KubeletLocation.ofPod(store, pod);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    if (kubelet == null) {
      ex.setStatusCode(200);
      ex.endExchange();
      return;
    }
    URI uri = URI.create("http://" + kubelet.authority() + "/containerLogs/" + namespace + "/" + name + "/" + container
        + (query.isEmpty() ? "" : "?" + query));
    HttpResponse<InputStream> r;
    try {
      r = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException x) {
      throw Status.internal("error dialing backend: " + x.getMessage());
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw KubeletErrors.of(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      ex.setStatusCode(200);
      OutputStream out = ex.getOutputStream();
      out.flush(); // the headers go now, as the kubelet's did
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    }
  }

  /** The options validated as ValidatePodLogOptions does, re-encoded for the kubelet. */
  static String kubeletQuery(String name, Map<String, Deque<String>> q) {
    List<FieldError> errors = new ArrayList<>();
    Long tail = number(q, "tailLines");
    Long limit = number(q, "limitBytes");
    Long since = number(q, "sinceSeconds");
    String sinceTime = first(q, "sinceTime");
    if (tail != null && tail < 0) {
      errors.add(FieldError.invalid("tailLines", tail, "must be greater than or equal to 0"));
    }
    if (limit != null && limit < 1) {
      errors.add(FieldError.invalid("limitBytes", limit, "must be greater than 0"));
    }
    if (since != null && sinceTime != null) {
      errors.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    } else if (since != null && since < 1) {
      errors.add(FieldError.invalid("sinceSeconds", since, "must be greater than 0"));
    }
    if (!errors.isEmpty()) {
      throw KubeletLocation.invalid("PodLogOptions", name, errors);
    }
    List<String> params = new ArrayList<>();
    FLAGS.stream().filter(f -> flag(q, f)).forEach(f -> params.add(f + "=true"));
    for (String n : NUMBERS) {
      Long v = number(q, n);
      if (v != null) {
        params.add(n + "=" + v);
      }
    }
    if (sinceTime != null) {
      params.add("sinceTime=" + URLEncoder.encode(sinceTime, StandardCharsets.UTF_8));
    }
    return String.join("&", params);
  }

  static String first(Map<String, Deque<String>> q, String name) {
    Deque<String> v = q.get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  /** Go's strconv.ParseBool, as the query parameter decoder reads booleans. */
  static boolean flag(Map<String, Deque<String>> q, String name) {
    String v = first(q, name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("t") || v.equalsIgnoreCase("true"));
  }

  private static Long number(Map<String, Deque<String>> q, String name) {
    String v = first(q, name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException x) {
      throw Status.badRequest("strconv.ParseInt: parsing " + Json.write(v) + ": invalid syntax");
    }
  }
}
