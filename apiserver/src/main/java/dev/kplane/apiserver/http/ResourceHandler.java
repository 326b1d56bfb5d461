package dev.kplane.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ListOptions;
import dev.kplane.apiserver.registry.Lister;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.Patches;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.apiserver.registry.Watcher;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;

/** The verbs on a resource path: get, list, watch, create, update, delete. */
final class ResourceHandler {
  private final ObjectStore store;
  private final Lister lister;
  private final Watcher watcher;

  ResourceHandler(ObjectStore store, Lister lister, Watcher watcher) {
    this.store = store;
    this.lister = lister;
    this.watcher = watcher;
  }

  void handle(HttpServerExchange ex, ApiPath p) throws Exception {
    var method = ex.getRequestMethod();
    RequestContext ctx = RequestContext.of(RequestContext.ANONYMOUS, dryRun(ex));
    ResourceType t = p.type();
    if (p.subresource() != null && !p.subresource().equals("status")) {
      throw Status.methodNotAllowed("the subresource " + p.subresource() + " is not served yet");
    }
    if (method.equals(Methods.GET)) {
      if (p.name() != null && !p.watchPrefix()) {
        Exchanges.send(ex, 200, store.get(t, p.namespace(), p.name(), Exchanges.query(ex, "resourceVersion")));
      } else if (p.watchPrefix() || Exchanges.queryFlag(ex, "watch")) {
        watch(ex, p);
      } else {
        Exchanges.send(ex, 200, lister.list(t, p.namespace(), listOptions(ex)));
      }
    } else if (method.equals(Methods.POST) && p.name() == null) {
      ObjectNode body = decodeTyped(ex, t);
      Exchanges.send(ex, 201, store.create(t, p.namespace(), body, ctx));
    } else if (method.equals(Methods.PUT) && p.name() != null) {
      ObjectNode body = decodeTyped(ex, t);
      Exchanges.send(ex, 200, store.update(t, p.namespace(), p.name(), body, ctx, "status".equals(p.subresource())));
    } else if (method.equals(Methods.PATCH) && p.name() != null) {
      Exchanges.send(ex, 200, patch(ex, p, ctx));
    } else if (method.equals(Methods.DELETE) && p.name() != null && p.subresource() == null) {
      byte[] raw = Exchanges.body(ex);
      JsonNode options = raw.length == 0 ? null : Exchanges.decodeObject(ex, raw);
      ObjectNode result = store.delete(t, p.namespace(), p.name(), options, ctx);
      if (Meta.isBeingDeleted(result) && Meta.hasFinalizers(result)) {
        Exchanges.send(ex, 200, result);
      } else {
        Exchanges.send(ex, 200, Status.success(t.resource(), p.name(), t.group(), Meta.text(result, "uid")));
      }
    } else {
      throw Status.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  /** PATCH: applied to the current object inside the compare-and-set loop, so a concurrent write is never lost. */
  private ObjectNode patch(HttpServerExchange ex, ApiPath p, RequestContext ctx) throws IOException {
    String contentType = Exchanges.contentType(ex);
    JsonNode patch;
    try {
      patch = Json.MAPPER.readTree(Exchanges.body(ex));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw Status.badRequest("the patch could not be decoded: " + e.getOriginalMessage());
    }
    if (patch == null || patch.isMissingNode()) {
      throw Status.badRequest("the patch is empty");
    }
    String rv = patch.path("metadata").path("resourceVersion").asText("");
    boolean status = "status".equals(p.subresource());
    JsonNode body = patch;
    return store.guaranteedUpdate(p.type(), p.namespace(), p.name(), rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx,
        status ? "patch-status" : "patch", current -> {
          ObjectNode next = Patches.apply(contentType, p.type(), current, body);
          if (status) {
            return Meta.withStatusOf(current.deepCopy(), next);
          }
          return p.type().subresources().contains("status") ? Meta.withStatusOf(next, current) : next;
        });
  }

  private static boolean dryRun(HttpServerExchange ex) {
    String v = Exchanges.query(ex, "dryRun");
    if (v == null || v.isEmpty()) {
      return false;
    }
    if (!v.equals("All")) {
      throw Status.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
    }
    return true;
  }

  /** Decodes the body and checks it names the kind and version of the endpoint, as kube-apiserver does. */
  private static ObjectNode decodeTyped(HttpServerExchange ex, ResourceType t) throws IOException {
    ObjectNode body = Exchanges.decodeObject(ex, Exchanges.body(ex));
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(t.apiVersion())) {
      throw Status.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + t.apiVersion() + ")");
    }
    if (!kind.isEmpty() && !kind.equals(t.kind())) {
      throw Status.badRequest(kind + " in version \"" + (apiVersion.isEmpty() ? t.version() : apiVersion)
          + "\" cannot be handled as a " + t.kind() + ": the kind in the data does not match the endpoint");
    }
    body.put("apiVersion", t.apiVersion());
    body.put("kind", t.kind());
    return body;
  }

  static ListOptions listOptions(HttpServerExchange ex) {
    String initial = Exchanges.query(ex, "sendInitialEvents");
    return new ListOptions(
        Exchanges.query(ex, "labelSelector"),
        Exchanges.query(ex, "fieldSelector"),
        Exchanges.query(ex, "resourceVersion"),
        Exchanges.query(ex, "resourceVersionMatch"),
        Exchanges.queryLong(ex, "limit"),
        Exchanges.query(ex, "continue"),
        Exchanges.queryFlag(ex, "allowWatchBookmarks"),
        initial == null ? null : Boolean.valueOf(initial),
        Exchanges.queryLong(ex, "timeoutSeconds"));
  }

  /** A watch streams newline-delimited JSON events over a chunked response, flushing each. */
  private void watch(HttpServerExchange ex, ApiPath p) throws Exception {
    ListOptions o = listOptions(ex);
    ResourceType t = p.type();
    String ns = p.namespace();
    if (p.name() != null) {
      String byName = "metadata.name=" + p.name();
      o = new ListOptions(o.labelSelector(), o.fieldSelector() == null ? byName : o.fieldSelector() + "," + byName,
          o.resourceVersion(), o.resourceVersionMatch(), o.limit(), o.continueToken(), o.allowWatchBookmarks(),
          o.sendInitialEvents(), o.timeoutSeconds());
    }
    ex.setStatusCode(200);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Exchanges.JSON);
    ex.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
    OutputStream out = ex.getOutputStream();
    var closed = new java.util.concurrent.atomic.AtomicBoolean();
    ex.getConnection().addCloseListener(c -> closed.set(true));
    boolean[] started = {false};
    Watcher.Sink sink = new Watcher.Sink() {
      @Override
      public void send(String type, ObjectNode object) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        out.write(Json.bytes(event));
        out.write('\n');
        out.flush();
        started[0] = true;
      }

      @Override
      public boolean closed() {
        return closed.get();
      }
    };
    try {
      watcher.run(t, ns, o, sink);
      out.flush();
    } catch (dev.kplane.apiserver.api.ApiException e) {
      if (started[0]) {
        sink.send("ERROR", e.status());
      } else {
        ex.getResponseHeaders().remove(Headers.TRANSFER_ENCODING);
        ex.setStatusCode(e.code());
        out.write(Json.bytes(e.status()));
      }
    } finally {
      out.close();
    }
  }
}
