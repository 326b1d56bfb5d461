package dev.kplane.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A real broker and an in-JVM API server, and the few API calls the proxy and DNS tests make. */
public final class Cluster implements AutoCloseable {
  public final String bootstrap = SharedKafka.bootstrapServers();
  public final String prefix;
  private final ApiServer api;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public Cluster(String name) throws InterruptedException {
    prefix = SharedKafka.uniquePrefix(name);
    api = new ApiServer(ApiServer.Config.defaults(StoreConfig.defaults(bootstrap, prefix, "apiserver-0"), 0));
    api.start();
  }

  public JsonNode create(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public JsonNode mergePatch(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public JsonNode delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
  }

  private JsonNode send(HttpRequest r) throws IOException, InterruptedException {
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() >= 300) {
      throw new IOException(r.method() + " " + r.uri() + ": " + resp.statusCode() + " " + resp.body());
    }
    return Json.parse(resp.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  /** An EndpointSlice body for a service, one port, endpoints "ip" or "ip:notready", each with an optional hostname. */
  public static String slice(String name, String service, String portName, int port, String protocol,
      String... endpoints) {
    StringBuilder eps = new StringBuilder();
    for (String e : endpoints) {
      String[] parts = e.split(":");
      boolean ready = parts.length < 2 || !"notready".equals(parts[1]);
      String hostname = parts.length == 3 ? ",\"hostname\":\"" + parts[2] + "\"" : "";
      eps.append(eps.length() == 0 ? "" : ",").append("{\"addresses\":[\"").append(parts[0])
          .append("\"],\"conditions\":{\"ready\":").append(ready).append("}").append(hostname).append("}");
    }
    return """
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
         "metadata":{"name":"%s","labels":{"kubernetes.io/service-name":"%s"}},
         "addressType":"IPv4","endpoints":[%s],
         "ports":[{"name":"%s","port":%d,"protocol":"%s"}]}
        """.formatted(name, service, eps, portName, port, protocol);
  }

  @Override
  public void close() {
    api.close();
  }
}
