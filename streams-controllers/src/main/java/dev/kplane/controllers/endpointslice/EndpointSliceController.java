package dev.kplane.controllers.endpointslice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The EndpointSlice controller: Services, Pods and EndpointSlices by namespace; each Service with a selector gets
 * the slices {@link EndpointSliceDecider} computes. Slices it created and has not seen yet hold further decisions
 * for the service (upstream's endpointSliceTracker), so a burst of pod changes does not create twice. Nodes are not
 * among the inputs: endpoints carry no zone, and a pod on a node that does not exist is not left out.
 */
public final class EndpointSliceController implements Controller {
  public static final String NAME = "endpointslice";
  static final ResourceType SERVICES = BuiltinResources.find("", "services").orElseThrow();
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType SLICES = BuiltinResources.find("discovery.k8s.io", "endpointslices").orElseThrow();
  private static final char[] NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

  private final int maxEndpointsPerSlice;

  public EndpointSliceController() {
    this(EndpointSliceDecider.MAX_ENDPOINTS_PER_SLICE);
  }

  public EndpointSliceController(int maxEndpointsPerSlice) {
    this.maxEndpointsPerSlice = maxEndpointsPerSlice;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    ReconcileProcessor.build(builder, context, NAME, List.of(SERVICES, PODS, SLICES), new SliceReconciler());
  }

  /** The service a managed slice belongs to, or null. */
  static String serviceKey(JsonNode slice) {
    JsonNode labels = slice.path("metadata").path("labels");
    if (!labels.path(EndpointSliceDecider.LABEL_MANAGED_BY).asText().equals(EndpointSliceDecider.CONTROLLER_NAME)
        || !labels.hasNonNull(EndpointSliceDecider.LABEL_SERVICE_NAME)) {
      return null;
    }
    return Objects.key(Objects.namespace(slice), labels.get(EndpointSliceDecider.LABEL_SERVICE_NAME).asText());
  }

  private final class SliceReconciler implements Reconciler {
    private final String principal = ControllerContext.principal(NAME);
    private final SecureRandom random = new SecureRandom();

    @Override
    public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
      ObjectNode o = change.object();
      if (change.resource().equals(SERVICES.groupResource())) {
        enqueue.accept(Objects.key(o));
      } else if (change.resource().equals(PODS.groupResource())) {
        PodEndpoints.services(state.objects(SERVICES.groupResource()).list(Objects.namespace(o)), o, previous)
            .forEach(enqueue);
      } else {
        String svc = serviceKey(o);
        if (svc != null) {
          if (previous == null && !change.deleted()) {
            state.expectations().creationObserved(svc, Objects.name(o));
          }
          enqueue.accept(svc);
        }
      }
    }

    @Override
    public Result reconcile(String key, State state, long nowMs) {
      ObjectNode service = state.objects(SERVICES.groupResource()).get(key);
      if (service == null || !PodEndpoints.hasSelector(service) || Objects.meta(service).hasNonNull("deletionTimestamp")) {
        state.expectations().forget(key);
        return Result.NOTHING;
      }
      if (!state.expectations().satisfied(key, nowMs)) {
        return new Result(List.of(), Duration.ofSeconds(1));
      }
      String ns = Objects.namespace(service);
      List<JsonNode> pods = new ArrayList<>();
      for (ObjectNode p : state.objects(PODS.groupResource()).list(ns)) {
        if (PodEndpoints.selects(service, p)) {
          pods.add(p);
        }
      }
      List<JsonNode> slices = new ArrayList<>();
      for (ObjectNode s : state.objects(SLICES.groupResource()).list(ns)) {
        if (key.equals(serviceKey(s))) {
          slices.add(s);
        }
      }
      EndpointSliceDecider.Changes changes = EndpointSliceDecider.reconcile(service, pods, slices,
          maxEndpointsPerSlice, this::suffix);
      List<Request> requests = new ArrayList<>();
      Set<String> created = new TreeSet<>();
      for (ObjectNode s : changes.creates()) {
        created.add(Objects.name(s));
        requests.add(ApiRequests.create(ApiRequests.collectionPath(SLICES, ns), s, principal));
      }
      for (ObjectNode s : changes.updates()) {
        requests.add(ApiRequests.update(ApiRequests.objectPath(SLICES, ns, Objects.name(s)), s, principal));
      }
      for (JsonNode s : changes.deletes()) {
        ObjectNode options = Json.MAPPER.createObjectNode().put("kind", "DeleteOptions").put("apiVersion", "v1");
        options.putObject("preconditions").put("uid", Objects.uid(s));
        requests.add(ApiRequests.delete(ApiRequests.objectPath(SLICES, ns, Objects.name(s)), options, principal));
      }
      state.expectations().expect(key, created, Set.of(), nowMs);
      return Result.of(requests);
    }

    private String suffix() {
      char[] s = new char[5];
      for (int i = 0; i < s.length; i++) {
        s[i] = NAME_ALPHABET[random.nextInt(NAME_ALPHABET.length)];
      }
      return new String(s);
    }
  }
}
