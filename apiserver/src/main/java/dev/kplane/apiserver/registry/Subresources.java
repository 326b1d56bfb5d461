package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.LabelSelector;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.time.Clock;
import java.util.List;

/**
 * The subresources that are views of their object or actions on it: scale (autoscaling/v1 Scale over
 * spec.replicas), a pod's binding (what the scheduler posts) and eviction (a delete that respects
 * PodDisruptionBudgets). Each write is a compare-and-set on the parent object.
 */
public final class Subresources {
  private static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  private static final ResourceType PDBS = BuiltinResources.find("policy", "poddisruptionbudgets").orElseThrow();
  private static final ResourceType SCALE = new ResourceType("autoscaling", "v1", "scale", "scale", "Scale", true,
      List.of(), List.of(), List.of());

  private final ObjectStore store;
  private final Clock clock;

  public Subresources(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  // ---- scale ----

  public ObjectNode getScale(ResourceType type, String namespace, String name, String resourceVersion) {
    return toScale(store.get(type, namespace, name, resourceVersion));
  }

  /** PUT scale: the Scale's resourceVersion, when given, is a precondition on the parent. */
  public ObjectNode updateScale(ResourceType type, String namespace, String name, ObjectNode scale, RequestContext ctx) {
    String rv = Meta.text(scale, "resourceVersion");
    int replicas = validReplicas(name, scale);
    return toScale(store.guaranteedUpdate(type, namespace, name, rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx,
        "update-scale", current -> withReplicas(current, replicas)));
  }

  /** PATCH scale: the patch applies to the Scale view of the current object, then its replicas are written. */
  public ObjectNode patchScale(ResourceType type, String namespace, String name, String contentType, JsonNode patch,
                               RequestContext ctx) {
    return toScale(store.guaranteedUpdate(type, namespace, name, 0, ctx, "patch-scale", current -> {
      ObjectNode scaled = Patches.apply(contentType, SCALE, toScale(current), patch);
      return withReplicas(current, validReplicas(name, scaled));
    }));
  }

  private static int validReplicas(String name, JsonNode scale) {
    JsonNode r = scale.path("spec").path("replicas");
    int replicas = r.isMissingNode() || r.isNull() ? 0 : r.asInt();
    if (!r.isMissingNode() && !r.isNull() && !r.canConvertToInt()) {
      throw Status.badRequest("spec.replicas must be an integer");
    }
    if (replicas < 0) {
      throw Status.invalid(SCALE, name, List.of(FieldError.invalid("spec.replicas", replicas,
          "must be greater than or equal to 0")));
    }
    return replicas;
  }

  private static ObjectNode withReplicas(ObjectNode obj, int replicas) {
    obj.withObjectProperty("spec").put("replicas", replicas);
    return obj;
  }

  /** The autoscaling/v1 Scale of a workload object. */
  static ObjectNode toScale(ObjectNode obj) {
    ObjectNode s = Json.MAPPER.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = s.putObject("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (obj.path("metadata").has(f)) {
        meta.set(f, obj.path("metadata").get(f));
      }
    }
    s.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
    ObjectNode status = s.putObject("status").put("replicas", obj.path("status").path("replicas").asInt(0));
    String selector = selectorString(obj.path("spec").path("selector"));
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return s;
  }

  /** A workload's selector as a string; a ReplicationController's is a plain map. */
  private static String selectorString(JsonNode selector) {
    if (selector.isMissingNode() || selector.isNull()) {
      return "";
    }
    boolean labelSelector = selector.has("matchLabels") || selector.has("matchExpressions");
    ObjectNode asLabelSelector = Json.MAPPER.createObjectNode();
    asLabelSelector.set("matchLabels", selector);
    try {
      return LabelSelector.fromJson(labelSelector ? selector : asLabelSelector).toString();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  // ---- namespace finalize ----

  /** PUT namespaces/{name}/finalize: sets spec.finalizers; the body's resourceVersion, when given, is a precondition. */
  public ObjectNode finalizeNamespace(ResourceType type, String name, ObjectNode body, RequestContext ctx) {
    String rv = Meta.text(body, "resourceVersion");
    return store.guaranteedUpdate(type, null, name, rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx, "finalize",
        current -> NamespaceDeletion.finalize(current, body));
  }

  // ---- ephemeral containers ----

  /** PUT pods/{name}/ephemeralcontainers: only spec.ephemeralContainers changes, and only by additions. */
  public ObjectNode updateEphemeralContainers(String namespace, String name, ObjectNode pod, RequestContext ctx) {
    String rv = Meta.text(pod, "resourceVersion");
    JsonNode wanted = pod.path("spec").path("ephemeralContainers");
    return store.guaranteedUpdate(PODS, namespace, name, rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx,
        "update-ephemeralcontainers", current -> withEphemeralContainers(current, wanted));
  }

  /** PATCH pods/{name}/ephemeralcontainers (what `kubectl debug` sends): the patch applies to the pod. */
  public ObjectNode patchEphemeralContainers(String namespace, String name, String contentType, JsonNode patch,
                                             RequestContext ctx) {
    return store.guaranteedUpdate(PODS, namespace, name, 0, ctx, "patch-ephemeralcontainers", current ->
        withEphemeralContainers(current, Patches.apply(contentType, PODS, current.deepCopy(), patch)
            .path("spec").path("ephemeralContainers")));
  }

  /**
   * The pod with the wanted ephemeral containers, as kube's ValidatePodEphemeralContainersUpdate allows: existing
   * ones may be neither removed nor changed.
   */
  static ObjectNode withEphemeralContainers(ObjectNode pod, JsonNode wanted) {
    java.util.Map<String, JsonNode> next = new java.util.LinkedHashMap<>();
    wanted.forEach(c -> next.put(c.path("name").asText(), c));
    List<FieldError> errors = new java.util.ArrayList<>();
    for (JsonNode existing : pod.path("spec").path("ephemeralContainers")) {
      String n = existing.path("name").asText();
      JsonNode now = next.get(n);
      if (now == null) {
        errors.add(FieldError.forbidden("spec.ephemeralContainers",
            "existing ephemeral containers \"" + n + "\" may not be removed"));
      } else if (!withoutDefaults(now).equals(withoutDefaults(existing))) {
        errors.add(FieldError.forbidden("spec.ephemeralContainers[" + n + "]",
            "existing ephemeral containers may not be changed"));
      }
    }
    if (!errors.isEmpty()) {
      throw Status.invalid(PODS, Meta.name(pod), errors);
    }
    ArrayNode list = pod.withObjectProperty("spec").putArray("ephemeralContainers");
    next.values().forEach(list::add);
    if (list.isEmpty()) {
      ((ObjectNode) pod.get("spec")).remove("ephemeralContainers");
    }
    return pod;
  }

  /** A container as sent may lack the server's defaults that the stored one has; those do not count as a change. */
  private static JsonNode withoutDefaults(JsonNode container) {
    ObjectNode c = container.deepCopy();
    for (String defaulted : List.of("terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
        "resources")) {
      c.remove(defaulted);
    }
    return c;
  }

  // ---- binding ----

  /** POST pods/{name}/binding: assigns the pod to a node once; a pod already assigned is a 409. */
  public ObjectNode bind(String namespace, String name, ObjectNode binding, RequestContext ctx) {
    String bindingName = Meta.name(binding);
    if (!bindingName.isEmpty() && !bindingName.equals(name)) {
      throw Status.badRequest("name in URL does not match name in Binding object");
    }
    String kind = binding.path("target").path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals("Node")) {
      throw Status.invalid(new ResourceType("", "v1", "bindings", "binding", "Binding", true, List.of(), List.of(),
          List.of()), name, List.of(new FieldError("target.kind", "Unsupported value", kind,
          "supported values: \"Node\", \"<empty>\"")));
    }
    String node = binding.path("target").path("name").asText("");
    String uid = Meta.text(binding, "uid");
    String rv = Meta.text(binding, "resourceVersion");
    store.guaranteedUpdate(PODS, namespace, name, rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx, "bind", pod -> {
      if (!uid.isEmpty() && !uid.equals(Meta.text(pod, "uid"))) {
        throw Status.conflict(PODS, name, "Precondition failed: UID in precondition: " + uid
            + ", UID in object meta: " + Meta.text(pod, "uid"));
      }
      if (Meta.isBeingDeleted(pod)) {
        throw Status.conflict(PODS, name, "pod " + name + " is being deleted, cannot be assigned to a host");
      }
      String assigned = pod.path("spec").path("nodeName").asText("");
      if (!assigned.isEmpty()) {
        throw Status.conflict(PODS, name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
      }
      pod.withObjectProperty("spec").put("nodeName", node);
      binding.path("metadata").path("annotations").fields().forEachRemaining(e ->
          Meta.metadata(pod).withObjectProperty("annotations").set(e.getKey(), e.getValue()));
      setScheduledCondition(pod);
      return pod;
    });
    return Status.created();
  }

  private void setScheduledCondition(ObjectNode pod) {
    ArrayNode conditions = pod.withObjectProperty("status").withArrayProperty("conditions");
    for (JsonNode c : conditions) {
      if (c.path("type").asText().equals("PodScheduled")) {
        if (!c.path("status").asText().equals("True")) {
          ((ObjectNode) c).put("status", "True").put("lastTransitionTime", Meta.timestamp(clock.instant()));
          ((ObjectNode) c).remove("reason");
          ((ObjectNode) c).remove("message");
        }
        return;
      }
    }
    conditions.addObject().put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime")
        .put("lastTransitionTime", Meta.timestamp(clock.instant()));
  }

  // ---- eviction ----

  /**
   * POST pods/{name}/eviction: deletes the pod unless a PodDisruptionBudget forbids it (429). The budget's
   * disruptionsAllowed is decremented by a compare-and-set first, so concurrent evictions cannot overspend it.
   */
  public ObjectNode evict(String namespace, String name, ObjectNode eviction, RequestContext ctx) {
    String evictionName = Meta.name(eviction);
    if (!evictionName.isEmpty() && !evictionName.equals(name)) {
      throw Status.badRequest("name in URL does not match name in Eviction object");
    }
    ObjectNode pod = store.get(PODS, namespace, name, null);
    DeleteOptions options = DeleteOptions.of(eviction.get("deleteOptions"), null, null);
    if (!canIgnoreBudget(pod)) {
      List<CachedObject> budgets = store.consistent(PDBS).current().objects().values().stream()
          .filter(b -> Meta.namespace(b.object()).equals(namespace) && selects(b.object(), pod)).toList();
      if (budgets.size() > 1) {
        throw Status.internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
      }
      if (budgets.size() == 1) {
        spendDisruption(Meta.name(budgets.get(0).object()), namespace, name, ctx);
      }
    }
    store.delete(PODS, namespace, name, options, ctx);
    return Status.created();
  }

  private static boolean canIgnoreBudget(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return Meta.isBeingDeleted(pod) || phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending");
  }

  private static boolean selects(JsonNode pdb, JsonNode pod) {
    try {
      LabelSelector sel = LabelSelector.fromJson(pdb.path("spec").get("selector"));
      return !sel.isEmpty() && sel.matches(Meta.stringMap(pod, "labels"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void spendDisruption(String pdbName, String namespace, String podName, RequestContext ctx) {
    store.guaranteedUpdate(PDBS, namespace, pdbName, 0, ctx, "update-status", pdb -> {
      JsonNode status = pdb.path("status");
      long generation = pdb.path("metadata").path("generation").asLong(0);
      if (status.path("observedGeneration").asLong(-1) < generation) {
        throw tooManyRequests("The disruption budget " + pdbName + " is still being processed by the server.");
      }
      int allowed = status.path("disruptionsAllowed").asInt(0);
      if (allowed <= 0) {
        throw tooManyRequests("The disruption budget " + pdbName + " needs " + status.path("desiredHealthy").asInt(0)
            + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently");
      }
      ObjectNode s = pdb.withObjectProperty("status");
      s.put("disruptionsAllowed", allowed - 1);
      s.withObjectProperty("disruptedPods").put(podName, Meta.timestamp(clock.instant()));
      return pdb;
    });
  }

  private static ApiException tooManyRequests(String cause) {
    return Status.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.",
        "DisruptionBudget", cause);
  }
}
