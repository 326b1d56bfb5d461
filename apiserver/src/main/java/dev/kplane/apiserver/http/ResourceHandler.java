package dev.kplane.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.crd.CustomResource;
import dev.kplane.apiserver.crd.CustomResourceScale;
import dev.kplane.apiserver.proxy.PodExecProxy;
import dev.kplane.apiserver.proxy.PodLogProxy;
import dev.kplane.apiserver.registry.DeleteOptions;
import dev.kplane.apiserver.registry.ListOptions;
import dev.kplane.apiserver.registry.Lister;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.Patches;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.apiserver.registry.Reviews;
import dev.kplane.apiserver.registry.Subresources;
import dev.kplane.apiserver.registry.Watcher;
import dev.kplane.apiserver.registry.apply.FieldManager;
import dev.kplane.apiserver.registry.fields.FieldSchema;
import dev.kplane.apiserver.registry.fields.FieldValidation;
import dev.kplane.apiserver.registry.fields.KnownFields;
import dev.kplane.apiserver.registry.fields.PatchCheck;
import dev.kplane.apiserver.table.OutputFormat;
import dev.kplane.apiserver.table.TableConvertor;
import dev.kplane.apiserver.table.TablePrinter;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The verbs on a resource path: get, list, watch, create, update, delete. */
final class ResourceHandler {
  private final ObjectStore store;
  private final Lister lister;
  private final Watcher watcher;
  private final Subresources subresources;
  private final ResourceRegistry registry;
  private final CustomResourceScale customScale;
  private final PodLogProxy podLogs;

  ResourceHandler(ObjectStore store, Lister lister, Watcher watcher, ResourceRegistry registry) {
    this.store = store;
    this.lister = lister;
    this.watcher = watcher;
    this.registry = registry;
    this.subresources = new Subresources(store, java.time.Clock.systemUTC());
    this.customScale = new CustomResourceScale(store);
    this.podLogs = new PodLogProxy(store);
    KnownFields.preload();
  }

  /** The Table of a type: a custom resource's printer columns, or the built-in printer. */
  private TableConvertor printer(ResourceType t) {
    return registry.customResource(t).map(CustomResource::table).orElseGet(() -> TablePrinter.forType(t));
  }

  /** The fields a type's objects may have: a custom resource's structural schema, or the built-in type's. */
  private FieldSchema fieldSchema(ResourceType t) {
    return registry.customResource(t).map(CustomResource::fields).orElseGet(() -> FieldValidation.builtinSchema(t));
  }

  /** An object as the requested version shows it: a custom resource's apiVersion and read-time defaults. */
  private ObjectNode view(ResourceType t, ObjectNode obj) {
    return registry.customResource(t).map(cr -> cr.read(obj)).orElse(obj);
  }

  void handle(HttpServerExchange ex, ApiPath p) throws Exception {
    var method = ex.getRequestMethod();
    RequestContext ctx = RequestContext.of(Exchanges.principal(ex), dryRun(ex)).withFieldManager(
        FieldManager.managerName(Exchanges.query(ex, "fieldManager"), ex.getRequestHeaders().getFirst(Headers.USER_AGENT)));
    ResourceType t = p.type();
    if (!t.stored()) {
      if (!method.equals(Methods.POST) || p.name() != null) {
        throw Status.methodNotAllowed("the server does not allow this method on the requested resource");
      }
      Exchanges.send(ex, 201, Reviews.answer(t, p.namespace(), Exchanges.decodeObject(ex, Exchanges.body(ex)), ctx));
      return;
    }
    if (p.subresource() != null && !p.subresource().equals("status")) {
      subresource(ex, p, ctx);
      return;
    }
    if (method.equals(Methods.GET)) {
      // what kubectl get prints: a Table when the Accept header asks for one
      OutputFormat out = OutputFormat.negotiate(ex.getRequestHeaders().getFirst(Headers.ACCEPT),
          Exchanges.query(ex, "includeObject"));
      if (p.name() != null && !p.watchPrefix()) {
        ObjectNode obj = view(t, store.get(t, p.namespace(), p.name(), Exchanges.query(ex, "resourceVersion")));
        Exchanges.send(ex, 200, out.object(t, printer(t), obj, Instant.now()));
      } else if (p.watchPrefix() || Exchanges.queryFlag(ex, "watch")) {
        watch(ex, p, out.watch(printer(t)));
      } else {
        ObjectNode list = lister.list(t, p.namespace(), listOptions(ex));
        if (registry.customResource(t).isPresent()) {
          com.fasterxml.jackson.databind.node.ArrayNode items = Json.MAPPER.createArrayNode();
          list.path("items").forEach(i -> items.add(view(t, (ObjectNode) i)));
          list.set("items", items);
        }
        Exchanges.send(ex, 200, out.list(t, printer(t), list, Instant.now()));
      }
    } else if (method.equals(Methods.POST) && p.name() == null) {
      ObjectNode body = decodeTyped(ex, t, FieldValidation.of(Exchanges.query(ex, "fieldValidation"), "CreateOptions"));
      Exchanges.send(ex, 201, view(t, store.create(t, p.namespace(), body, ctx)));
    } else if (method.equals(Methods.PUT) && p.name() != null) {
      ObjectNode body = decodeTyped(ex, t, FieldValidation.of(Exchanges.query(ex, "fieldValidation"), "UpdateOptions"));
      Exchanges.send(ex, 200, view(t, store.update(t, p.namespace(), p.name(), body, ctx, "status".equals(p.subresource()))));
    } else if (method.equals(Methods.PATCH) && p.name() != null && Patches.APPLY.equals(Exchanges.contentType(ex))) {
      ObjectStore.Applied applied = apply(ex, p, ctx);
      Exchanges.send(ex, applied.created() ? 201 : 200, view(t, applied.object()));
    } else if (method.equals(Methods.PATCH) && p.name() != null) {
      Exchanges.send(ex, 200, view(t, patch(ex, p, ctx)));
    } else if (method.equals(Methods.DELETE) && p.name() != null && p.subresource() == null) {
      ObjectStore.Deleted result = store.delete(t, p.namespace(), p.name(), deleteOptions(ex), ctx);
      if (result.pending()) {
        Exchanges.send(ex, 200, view(t, result.object()));
      } else {
        Exchanges.send(ex, 200, Status.success(t.resource(), p.name(), t.group(), Meta.text(result.object(), "uid")));
      }
    } else if (method.equals(Methods.DELETE) && p.name() == null) {
      Exchanges.send(ex, 200, deleteCollection(ex, p, ctx));
    } else {
      throw Status.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  /**
   * scale, binding, eviction, ephemeralcontainers, log (proxied to the kubelet); exec and attach arrive as
   * WebSocket upgrades (ApiHandler); the others (proxy, portforward ...) are not served yet.
   */
  private void subresource(HttpServerExchange ex, ApiPath p, RequestContext ctx) throws IOException, InterruptedException {
    var method = ex.getRequestMethod();
    String sub = p.subresource();
    CustomResource custom = registry.customResource(p.type()).orElse(null);
    if (custom != null && sub.equals("scale") && method.equals(Methods.GET)) {
      Exchanges.send(ex, 200, customScale.get(custom, p.namespace(), p.name(), Exchanges.query(ex, "resourceVersion")));
    } else if (custom != null && sub.equals("scale") && method.equals(Methods.PUT)) {
      ObjectNode scale = Exchanges.decodeObject(ex, Exchanges.body(ex));
      Exchanges.send(ex, 200, customScale.update(custom, p.namespace(), p.name(), scale, ctx));
    } else if (custom != null && sub.equals("scale") && method.equals(Methods.PATCH)) {
      Exchanges.send(ex, 200, customScale.patch(custom, p.namespace(), p.name(), Exchanges.contentType(ex),
          readPatch(Exchanges.body(ex)), ctx));
    } else if (sub.equals("scale") && method.equals(Methods.GET)) {
      Exchanges.send(ex, 200, subresources.getScale(p.type(), p.namespace(), p.name(),
          Exchanges.query(ex, "resourceVersion")));
    } else if (sub.equals("scale") && method.equals(Methods.PUT)) {
      ObjectNode scale = Exchanges.decodeObject(ex, Exchanges.body(ex));
      Exchanges.send(ex, 200, subresources.updateScale(p.type(), p.namespace(), p.name(), scale, ctx));
    } else if (sub.equals("scale") && method.equals(Methods.PATCH)) {
      Exchanges.send(ex, 200, subresources.patchScale(p.type(), p.namespace(), p.name(), Exchanges.contentType(ex),
          readPatch(Exchanges.body(ex)), ctx));
    } else if (sub.equals("ephemeralcontainers") && method.equals(Methods.GET)) {
      Exchanges.send(ex, 200, store.get(p.type(), p.namespace(), p.name(), Exchanges.query(ex, "resourceVersion")));
    } else if (sub.equals("ephemeralcontainers") && method.equals(Methods.PUT)) {
      Exchanges.send(ex, 200, subresources.updateEphemeralContainers(p.namespace(), p.name(),
          Exchanges.decodeObject(ex, Exchanges.body(ex)), ctx));
    } else if (sub.equals("ephemeralcontainers") && method.equals(Methods.PATCH)) {
      Exchanges.send(ex, 200, subresources.patchEphemeralContainers(p.namespace(), p.name(), Exchanges.contentType(ex),
          readPatch(Exchanges.body(ex)), ctx));
    } else if (sub.equals("binding") && method.equals(Methods.POST)) {
      Exchanges.send(ex, 201, subresources.bind(p.namespace(), p.name(), Exchanges.decodeObject(ex, Exchanges.body(ex)), ctx));
    } else if (sub.equals("eviction") && method.equals(Methods.POST)) {
      Exchanges.send(ex, 201, subresources.evict(p.namespace(), p.name(), Exchanges.decodeObject(ex, Exchanges.body(ex)), ctx));
    } else if (sub.equals("log") && method.equals(Methods.GET)) {
      podLogs.handle(ex, p.namespace(), p.name());
    } else if (PodExecProxy.serves(sub)) {
      throw Status.badRequest("Upgrade request required");
    } else if (List.of("scale", "binding", "eviction", "ephemeralcontainers", "log").contains(sub)) {
      throw Status.methodNotAllowed("the server does not allow this method on the requested resource");
    } else {
      throw Status.notFoundMessage("the server could not find the requested resource (" + sub + " is not served yet)");
    }
  }

  private static JsonNode readPatch(byte[] raw) throws IOException {
    JsonNode patch;
    try {
      patch = Json.MAPPER.readTree(raw);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw Status.badRequest("the patch could not be decoded: " + e.getOriginalMessage());
    }
    if (patch == null || patch.isMissingNode()) {
      throw Status.badRequest("the patch is empty");
    }
    return patch;
  }

  /** Server-side apply: fieldManager is required; force takes fields other managers own. */
  private ObjectStore.Applied apply(HttpServerExchange ex, ApiPath p, RequestContext ctx) throws IOException {
    String manager = Exchanges.query(ex, "fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw Status.invalidOptions("PatchOptions",
          List.of(FieldError.required("fieldManager", "is required for apply patch")));
    }
    ObjectNode config = Exchanges.decodeObject(ex, Exchanges.body(ex));
    return store.apply(p.type(), p.namespace(), p.name(), config, ctx, Exchanges.queryFlag(ex, "force"),
        "status".equals(p.subresource()));
  }

  /**
   * PATCH: applied to the current object inside the compare-and-set loop, so a concurrent write is never lost; the
   * patched object is field-validated there too (its warnings are those of the attempt that was written).
   */
  private ObjectNode patch(HttpServerExchange ex, ApiPath p, RequestContext ctx) throws IOException {
    if (Exchanges.query(ex, "force") != null) {
      throw Status.invalidOptions("PatchOptions",
          List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
    }
    String contentType = Exchanges.contentType(ex);
    FieldValidation fields = FieldValidation.of(Exchanges.query(ex, "fieldValidation"), "PatchOptions");
    byte[] raw = Exchanges.body(ex);
    JsonNode patch = readPatch(raw);
    PatchCheck check = fields.forPatch(contentType, raw);
    String rv = patch.path("metadata").path("resourceVersion").asText("");
    boolean status = "status".equals(p.subresource());
    JsonNode body = patch;
    List<String> warnings = new ArrayList<>();
    try {
      return store.guaranteedUpdate(p.type(), p.namespace(), p.name(), rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx,
          status ? "patch-status" : "patch", current -> {
            ObjectNode next = Patches.apply(contentType, p.type(), current, body);
            warnings.clear();
            warnings.addAll(check.checkResult(fieldSchema(p.type()), next, body));
            if (status) {
              return Meta.withStatusOf(current.deepCopy(), next);
            }
            return p.type().subresources().contains("status") ? Meta.withStatusOf(next, current) : next;
          });
    } finally {
      Exchanges.warn(ex, warnings);
    }
  }

  private static DeleteOptions deleteOptions(HttpServerExchange ex) throws IOException {
    byte[] raw = Exchanges.body(ex);
    JsonNode body = raw.length == 0 ? null : Exchanges.decodeObject(ex, raw);
    return DeleteOptions.of(body, Exchanges.query(ex, "gracePeriodSeconds"), Exchanges.query(ex, "propagationPolicy"));
  }

  /**
   * DELETE on a collection: every object the list options select is deleted with the same options, as
   * kube-apiserver's DeleteCollection does; the answer is the list of what was deleted (or is now terminating).
   */
  private ObjectNode deleteCollection(HttpServerExchange ex, ApiPath p, RequestContext ctx) throws IOException {
    DeleteOptions options = deleteOptions(ex);
    ListOptions lo = listOptions(ex);
    ObjectNode list = lister.list(p.type(), p.namespace(), new ListOptions(lo.labelSelector(), lo.fieldSelector(),
        null, null, 0, null, false, null, 0));
    com.fasterxml.jackson.databind.node.ArrayNode deleted = Json.MAPPER.createArrayNode();
    for (JsonNode item : list.path("items")) {
      try {
        deleted.add(store.delete(p.type(), Meta.namespace(item), Meta.name(item), options, ctx.retry()).object());
      } catch (dev.kplane.apiserver.api.ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    list.set("items", deleted);
    return list;
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

  /**
   * Decodes the body and checks it names the kind and version of the endpoint, as kube-apiserver does; then drops
   * the fields the kind does not have, with the warnings or the error the field validation directive asks for.
   */
  private ObjectNode decodeTyped(HttpServerExchange ex, ResourceType t, FieldValidation fields) throws IOException {
    byte[] raw = Exchanges.body(ex);
    ObjectNode body = Exchanges.decodeObject(ex, raw);
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
    Exchanges.warn(ex, fields.checkBody(t, fieldSchema(t), body, raw, Exchanges.contentType(ex)));
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

  /** The options of a watch; a watch of one object (watch/.../name) selects it by name. */
  static ListOptions watchOptions(HttpServerExchange ex, ApiPath p) {
    ListOptions o = listOptions(ex);
    if (p.name() != null) {
      String byName = "metadata.name=" + p.name();
      o = new ListOptions(o.labelSelector(), o.fieldSelector() == null ? byName : o.fieldSelector() + "," + byName,
          o.resourceVersion(), o.resourceVersionMatch(), o.limit(), o.continueToken(), o.allowWatchBookmarks(),
          o.sendInitialEvents(), o.timeoutSeconds());
    }
    return o;
  }

  /** A watch streams newline-delimited JSON events over a chunked response, flushing each. */
  private void watch(HttpServerExchange ex, ApiPath p, OutputFormat.WatchEvents events) throws Exception {
    ListOptions o = watchOptions(ex, p);
    ResourceType t = p.type();
    String ns = p.namespace();
    ex.setStatusCode(200);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Exchanges.JSON);
    ex.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
    OutputStream out = ex.getOutputStream();
    var closed = new java.util.concurrent.atomic.AtomicBoolean();
    ex.getConnection().addCloseListener(c -> closed.set(true));
    boolean[] started = {false};
    Watcher.Sink sink = new Watcher.Sink() {
      @Override
      public void started() throws IOException {
        out.flush(); // the status line and headers go now, as kube-apiserver sends them when a watch starts
        started[0] = true;
      }

      @Override
      public void send(String type, ObjectNode object) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        ObjectNode shown = type.equals("BOOKMARK") || type.equals("ERROR") ? object : view(t, object);
        event.set("object", events.convert(shown, Instant.now()));
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
    } catch (IOException clientLeft) {
      // the client closed the watch: nothing to answer
    } finally {
      try {
        out.close();
      } catch (IOException clientLeft) {
        // already gone
      }
    }
  }
}
