package dev.kplane.controllers.namespace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The namespace controller: Namespaces and every namespaced built-in type, repartitioned by namespace (a Namespace
 * by its own name, so it meets its content). A terminating namespace is emptied and finalized by
 * {@link NamespaceDeleter}; custom resources are not among the inputs (the API server's CRD cleanup removes them
 * with their CRD, not with their namespace).
 */
public final class NamespaceReconciler implements Reconciler {
  static final String PRINCIPAL = ControllerContext.principal("namespace");
  static final ResourceType NAMESPACES = BuiltinResources.find("", "namespaces").orElseThrow();
  static final List<ResourceType> CONTENT = BuiltinResources.ALL_TYPES.stream()
      .filter(t -> t.namespaced() && t.stored()).toList();
  /** Every type whose objects the namespace controller needs: Namespaces and their content. */
  public static final List<ResourceType> INPUTS = Stream.concat(Stream.of(NAMESPACES), CONTENT.stream()).toList();
  /** How long an emptied namespace waits before it is finalized (see {@link NamespaceDeleter#plan}). */
  static final Duration SETTLE = Duration.ofSeconds(3);

  @Override
  public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
    String ns = change.resource().equals(NAMESPACES.groupResource())
        ? Objects.name(change.object()) : Objects.namespace(change.object());
    ObjectNode namespace = state.objects(NAMESPACES.groupResource()).get(ns);
    if (namespace != null && Objects.meta(namespace).hasNonNull("deletionTimestamp")) {
      enqueue.accept(ns);
    }
  }

  @Override
  public Result reconcile(String ns, State state, long nowMs) {
    ObjectNode namespace = state.objects(NAMESPACES.groupResource()).get(ns);
    if (namespace == null) {
      return Result.NOTHING;
    }
    List<Content> contents = new ArrayList<>();
    for (ResourceType t : CONTENT) {
      state.objects(t.groupResource()).list(ns).forEach(o -> contents.add(Content.of(t, o)));
    }
    NamespaceDeleter.Plan plan = NamespaceDeleter.plan(namespace, contents, Instant.ofEpochMilli(nowMs), SETTLE);
    List<Request> requests = new ArrayList<>();
    if (plan.deleteContent()) {
      ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1")
          .put("propagationPolicy", "Background");
      for (ResourceType t : CONTENT) {
        requests.add(ApiRequests.delete(ApiRequests.collectionPath(t, ns), options, PRINCIPAL));
      }
    }
    String path = ApiRequests.objectPath(NAMESPACES, null, ns);
    if (plan.finalizeNow()) {
      // the finalize goes at the namespace's current RV: its conditions would only be gone with it a moment later
      requests.add(ApiRequests.update(path + "/finalize", NamespaceDeleter.finalized(namespace), PRINCIPAL));
    } else if (plan.status() != null) {
      requests.add(ApiRequests.update(path + "/status", plan.status(), PRINCIPAL));
    }
    return new Result(requests, plan.recheckAfter());
  }
}
