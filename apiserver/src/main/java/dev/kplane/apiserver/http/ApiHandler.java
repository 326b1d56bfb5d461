package dev.kplane.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.openapi.OpenApi;
import dev.kplane.apiserver.openapi.OpenApiEndpoint;
import dev.kplane.apiserver.proxy.PodExecProxy;
import dev.kplane.apiserver.registry.Lister;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.apiserver.registry.Watcher;
import dev.kplane.schemas.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: health, version, discovery and resource paths. Everything that waits (Kafka acks,
 * consistent-read barriers, watch streams) runs off the IO threads, on the request executor.
 */
public final class ApiHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  private final ResourceRegistry registry;
  private final Discovery discovery;
  private final ResourceHandler resources;
  private final OpenApiEndpoint openApi;
  private final BooleanSupplier ready;
  private final ExecutorService executor;
  private final Watcher watcher;
  private final PodExecProxy podExec;

  public ApiHandler(ResourceRegistry registry, ObjectStore store, Lister lister, Watcher watcher,
                    BooleanSupplier ready, ExecutorService executor) {
    this.registry = registry;
    this.discovery = new Discovery(registry);
    this.resources = new ResourceHandler(store, lister, watcher, registry);
    this.watcher = watcher;
    this.podExec = new PodExecProxy(store);
    this.openApi = new OpenApiEndpoint(new OpenApi(registry, dev.kplane.apiserver.registry.patch.PatchMeta.BUILTIN::extensions));
    this.ready = ready;
    this.executor = executor;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    if (WebSocketWatch.isUpgrade(ex)) {
      upgrade(ex);
      return;
    }
    if (ex.isInIoThread()) {
      ex.dispatch(executor, this);
      return;
    }
    ex.startBlocking();
    try {
      route(ex);
    } catch (ApiException e) {
      Exchanges.sendError(ex, e);
    } catch (Exception e) {
      log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestPath(), e);
      Exchanges.sendError(ex, Status.internal(e.toString()));
    }
  }

  /** A watch over WebSocket; anything else asked with an upgrade is answered as kube does, with a plain error. */
  private void upgrade(HttpServerExchange ex) {
    try {
      String path = ex.getRequestPath();
      ApiPath p = path.startsWith("/api/") || path.startsWith("/apis/") ? ApiPath.parse(path, registry) : null;
      if (p != null && p.name() != null && PodExecProxy.serves(p.subresource())) {
        ex.dispatch(executor, () -> connectExec(ex, p));
        return;
      }
      if (p == null || p.subresource() != null || !(p.watchPrefix() || Exchanges.queryFlag(ex, "watch"))) {
        throw Status.badRequest("only watch requests can be upgraded to a WebSocket");
      }
      WebSocketWatch.serve(ex, p, ResourceHandler.watchOptions(ex, p), watcher, executor);
    } catch (ApiException e) {
      Exchanges.sendError(ex, e);
    } catch (Exception e) {
      log.error("websocket upgrade of {} failed", ex.getRequestPath(), e);
      Exchanges.sendError(ex, Status.internal(e.toString()));
    }
  }

  /** kubectl exec/attach: joined to the pod's kubelet (it blocks while it dials, so it runs on the executor). */
  private void connectExec(HttpServerExchange ex, ApiPath p) {
    try {
      podExec.connect(ex, p.subresource(), p.namespace(), p.name());
    } catch (ApiException e) {
      Exchanges.sendError(ex, e);
    } catch (Exception e) {
      log.error("{} of {}/{} failed", p.subresource(), p.namespace(), p.name(), e);
      Exchanges.sendError(ex, Status.internal(e.toString()));
    }
  }

  private void route(HttpServerExchange ex) throws Exception {
    String path = ex.getRequestPath();
    boolean get = ex.getRequestMethod().equals(Methods.GET);
    switch (path) {
      case "/healthz", "/livez" -> {
        Exchanges.sendText(ex, 200, "ok");
        return;
      }
      case "/readyz" -> {
        boolean ok = ready.getAsBoolean();
        Exchanges.sendText(ex, ok ? 200 : 503, ok ? "ok" : "[-]store not ready\nreadyz check failed");
        return;
      }
      case "/version" -> {
        Exchanges.send(ex, 200, version());
        return;
      }
      case "/api", "/api/", "/apis", "/apis/" -> {
        rootDiscovery(ex, path.startsWith("/api/") || path.equals("/api"));
        return;
      }
      default -> {
      }
    }
    if (OpenApiEndpoint.serves(path)) {
      openApi.handle(ex);
      return;
    }
    ApiPath p = path.startsWith("/api/") || path.startsWith("/apis/") ? ApiPath.parse(path, registry) : null;
    if (p != null) {
      resources.handle(ex, p);
      return;
    }
    ObjectNode doc = get ? discoveryDocument(path) : null;
    if (doc == null) {
      throw Status.pathNotFound();
    }
    Exchanges.send(ex, 200, doc);
  }

  /**
   * /api and /apis: the aggregated document when the client lists it before plain JSON in Accept (as kubectl
   * does), else the legacy one. The answer varies with Accept, so caches must key on it.
   */
  private void rootDiscovery(HttpServerExchange ex, boolean legacy) {
    ex.getResponseHeaders().put(io.undertow.util.Headers.VARY, "Accept");
    for (MediaType m : MediaType.parseAccept(ex.getRequestHeaders().getFirst(io.undertow.util.Headers.ACCEPT))) {
      if (m.plainJson()) {
        break;
      }
      if (m.param("g").equals("apidiscovery.k8s.io") && m.param("as").equals("APIGroupDiscoveryList")
          && (m.param("v").equals("v2") || m.param("v").equals("v2beta1"))) {
        String apiVersion = "apidiscovery.k8s.io/" + m.param("v");
        Exchanges.send(ex, 200, discovery.aggregated(legacy, apiVersion),
            m.param("v").equals("v2") ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1);
        return;
      }
    }
    Exchanges.send(ex, 200, legacy ? discovery.apiVersions(ex.getHostAndPort()) : discovery.groupList());
  }

  private ObjectNode discoveryDocument(String path) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/");
    if (s.length == 2 && s[0].equals("api")) {
      return discovery.resourceList("", s[1]);
    }
    if (s.length == 2 && s[0].equals("apis")) {
      return discovery.group(s[1]);
    }
    if (s.length == 3 && s[0].equals("apis")) {
      return discovery.resourceList(s[1], s[2]);
    }
    return null;
  }

  private static ObjectNode version() {
    ObjectNode v = Json.MAPPER.createObjectNode();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", "v1.32.0-kplane");
    v.put("gitCommit", "kplane");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-11-22T00:00:00Z");
    v.put("goVersion", "java" + Runtime.version().feature());
    v.put("compiler", "javac");
    v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
    return v;
  }
}
