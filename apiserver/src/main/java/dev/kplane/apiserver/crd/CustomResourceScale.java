package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.Patches;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.List;

/**
 * The scale subresource of a custom resource (apiextensions' ScaleREST): an autoscaling/v1 Scale whose spec.replicas
 * is read from and written to the CRD's specReplicasPath, status.replicas from statusReplicasPath and
 * status.selector from labelSelectorPath. A write is a compare-and-set on the custom resource.
 */
public final class CustomResourceScale {
  private static final ResourceType SCALE = new ResourceType("autoscaling", "v1", "scale", "scale", "Scale", true,
      List.of(), List.of(), List.of());
  /** The smallest int32: what the patched Scale holds when the resource had no replicas and the patch set none. */
  private static final long UNSET = Integer.MIN_VALUE;

  private final ObjectStore store;

  public CustomResourceScale(ObjectStore store) {
    this.store = store;
  }

  public ObjectNode get(CustomResource cr, String namespace, String name, String resourceVersion) {
    return toScale(cr, store.get(cr.type(), namespace, name, resourceVersion), false);
  }

  /** PUT: the Scale's resourceVersion, when given, is a precondition on the custom resource. */
  public ObjectNode update(CustomResource cr, String namespace, String name, ObjectNode scale, RequestContext ctx) {
    String rv = Meta.text(scale, "resourceVersion");
    return write(cr, namespace, name, rv.isEmpty() ? 0 : ObjectStore.parseRv(rv), ctx, "update-scale", current -> scale);
  }

  /** PATCH: applied to the Scale view of the current object. */
  public ObjectNode patch(CustomResource cr, String namespace, String name, String contentType, JsonNode patch,
                          RequestContext ctx) {
    return write(cr, namespace, name, 0, ctx, "patch-scale", current -> Patches.apply(contentType, SCALE, current, patch));
  }

  private ObjectNode write(CustomResource cr, String namespace, String name, long rv, RequestContext ctx, String verb,
                           java.util.function.UnaryOperator<ObjectNode> change) {
    String specPath = cr.scale().path("specReplicasPath").asText();
    ObjectNode updated = store.guaranteedUpdate(cr.type(), namespace, name, rv, ctx, verb, current -> {
      ObjectNode scale = change.apply(toScale(cr, current, true));
      long replicas = replicas(name, scale, specPath);
      ScalePaths.set(current, specPath, replicas);
      return current;
    });
    return toScale(cr, updated, false);
  }

  private static long replicas(String name, JsonNode scale, String specPath) {
    JsonNode r = scale.path("spec").path("replicas");
    if (!r.isMissingNode() && !r.isNull() && (!r.isIntegralNumber() || !r.canConvertToInt())) {
      throw Status.badRequest("spec.replicas must be an integer");
    }
    long replicas = r.isMissingNode() || r.isNull() ? 0 : r.asLong();
    if (replicas == UNSET) {
      throw Status.badRequest("the spec replicas field \"" + specPath + "\" cannot be empty");
    }
    if (replicas < 0) {
      throw Status.invalid(SCALE, name, List.of(FieldError.invalid("spec.replicas", replicas,
          "must be greater than or equal to 0")));
    }
    return replicas;
  }

  /** scaleFromCustomResource; forUpdate marks missing spec replicas so a write that sets none is refused. */
  static ObjectNode toScale(CustomResource cr, ObjectNode obj, boolean forUpdate) {
    JsonNode scale = cr.scale();
    ObjectNode s = Json.MAPPER.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = s.putObject("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (obj.path("metadata").has(f)) {
        meta.set(f, obj.path("metadata").get(f));
      }
    }
    JsonNode spec = ScalePaths.at(obj, scale.path("specReplicasPath").asText());
    long specReplicas = spec != null && spec.isIntegralNumber() ? spec.asLong() : forUpdate ? UNSET : 0;
    s.putObject("spec").put("replicas", specReplicas);
    JsonNode status = ScalePaths.at(obj, scale.path("statusReplicasPath").asText());
    ObjectNode st = s.putObject("status").put("replicas", status != null && status.isIntegralNumber() ? status.asLong() : 0);
    String selectorPath = scale.path("labelSelectorPath").asText("");
    JsonNode selector = selectorPath.isEmpty() ? null : ScalePaths.at(obj, selectorPath);
    if (selector != null && selector.isTextual() && !selector.asText().isEmpty()) {
      st.put("selector", selector.asText());
    }
    return s;
  }
}
