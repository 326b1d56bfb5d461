package dev.kplane.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.endpointslice.PodEndpoints;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The legacy Endpoints controller: Services, Pods and Endpoints by namespace; a Service with a selector gets an
 * Endpoints object of its name ({@link EndpointsDecider}), which goes when the Service goes. Services without a
 * selector (the API server's own {@code kubernetes} Service among them) are left alone.
 */
public final class EndpointsController implements Controller {
  public static final String NAME = "endpoint";
  static final ResourceType SERVICES = BuiltinResources.find("", "services").orElseThrow();
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType ENDPOINTS = BuiltinResources.find("", "endpoints").orElseThrow();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    String principal = ControllerContext.principal(NAME);
    ReconcileProcessor.build(builder, context, NAME, List.of(SERVICES, PODS, ENDPOINTS), new Reconciler() {
      @Override
      public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
        ObjectNode o = change.object();
        if (change.resource().equals(SERVICES.groupResource())) {
          enqueue.accept(Objects.key(o));
        } else if (change.resource().equals(PODS.groupResource())) {
          PodEndpoints.services(state.objects(SERVICES.groupResource()).list(Objects.namespace(o)), o, previous)
              .forEach(enqueue);
        } else if (change.deleted() || state.objects(SERVICES.groupResource()).get(Objects.key(o)) != null) {
          // a write of ours that lost a race (409) is redone when the Endpoints are seen to change; Endpoints
          // without a Service are only removed when their Service goes, as upstream
          enqueue.accept(Objects.key(o));
        }
      }

      @Override
      public Result reconcile(String key, State state, long nowMs) {
        ObjectNode service = state.objects(SERVICES.groupResource()).get(key);
        ObjectNode current = state.objects(ENDPOINTS.groupResource()).get(key);
        if (service == null) {
          if (current == null) {
            return Result.NOTHING;
          }
          ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
          options.putObject("preconditions").put("uid", Objects.uid(current));
          return Result.of(List.of(ApiRequests.delete(ApiRequests.objectPath(ENDPOINTS, Objects.namespace(current),
              Objects.name(current)), options, principal)));
        }
        if (!PodEndpoints.hasSelector(service)) {
          return Result.NOTHING;
        }
        String ns = Objects.namespace(service);
        List<JsonNode> pods = new ArrayList<>();
        for (ObjectNode p : state.objects(PODS.groupResource()).list(ns)) {
          if (PodEndpoints.selects(service, p)) {
            pods.add(p);
          }
        }
        return EndpointsDecider.desired(service, pods, current)
            .map(ep -> Result.of(List.of(current == null
                ? ApiRequests.create(ApiRequests.collectionPath(ENDPOINTS, ns), ep, principal)
                : ApiRequests.update(ApiRequests.objectPath(ENDPOINTS, ns, Objects.name(service)), ep, principal))))
            .orElse(Result.NOTHING);
      }
    });
  }
}
