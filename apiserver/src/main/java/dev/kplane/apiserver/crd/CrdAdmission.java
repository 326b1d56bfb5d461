package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.apiserver.registry.admission.Admission;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The write strategies of apiextensions in the write pipeline: for CustomResourceDefinitions, defaulting, the
 * status kube's controllers keep, the cleanup finalizer and validation; for custom resources, their version's
 * decoding, schema validation and storage version ({@link CustomResource#admit}). A CRD write returns once this
 * instance serves what it defines, so the next request of the same client finds it.
 */
public final class CrdAdmission implements Admission {
  public static final ResourceType CRDS =
      BuiltinResources.find("apiextensions.k8s.io", "customresourcedefinitions").orElseThrow();
  /** Held by every CRD until its custom resources are deleted. */
  public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
  private static final long SERVE_WAIT_MS = 5_000;

  private final ResourceRegistry registry;
  private final ObjectStore store;
  private final Clock clock;

  public CrdAdmission(ResourceRegistry registry, ObjectStore store, Clock clock) {
    this.registry = registry;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
    if (type.equals(CRDS)) {
      admitDefinition(obj, old);
    } else {
      registry.customResource(type).ifPresent(cr -> cr.admit(obj, old));
    }
    return NOTHING;
  }

  private void admitDefinition(ObjectNode crd, ObjectNode old) {
    CrdDefaults.apply(crd);
    if (old == null) {
      CrdStatus.resetForCreate(crd);
      addFinalizer(crd);
    } else {
      long generation = old.path("metadata").path("generation").asLong(1);
      Meta.metadata(crd).put("generation", crd.path("spec").equals(old.path("spec")) ? generation : generation + 1);
    }
    CrdStatus.update(crd, others(), clock.instant());
    List<FieldError> errors = old == null ? CrdValidation.validate(crd) : CrdValidation.validateUpdate(crd, old);
    if (!errors.isEmpty()) {
      throw Status.invalid(CRDS, Meta.name(crd), errors);
    }
  }

  private static void addFinalizer(ObjectNode crd) {
    ArrayNode finalizers = Meta.metadata(crd).withArrayProperty("finalizers");
    for (JsonNode f : finalizers) {
      if (f.asText().equals(CLEANUP_FINALIZER)) {
        return;
      }
    }
    finalizers.add(CLEANUP_FINALIZER);
  }

  private List<JsonNode> others() {
    return store.consistent(CRDS).current().objects().values().stream().map(CachedObject::object)
        .map(JsonNode.class::cast).toList();
  }

  @Override
  public void applied(ResourceType type, ObjectNode obj, ObjectNode old) {
    if (!type.equals(CRDS) || obj == null || (old != null && obj.path("spec").equals(old.path("spec")))) {
      return;
    }
    List<CustomResource> wanted = CustomResource.servedVersions(obj);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVE_WAIT_MS);
    while (System.nanoTime() < deadline && !serves(wanted)) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean serves(List<CustomResource> wanted) {
    return wanted.stream().allMatch(cr -> registry.customResource(cr.type()).map(cr::equals).orElse(false));
  }
}
