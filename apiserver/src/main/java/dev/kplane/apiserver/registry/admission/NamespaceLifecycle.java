package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;

/**
 * kube-apiserver's NamespaceLifecycle admission: nothing is created in a namespace that does not exist or is
 * being terminated. Like upstream it looks in the cache first and, on a miss, reads consistently, so an
 * object created right after its namespace is not refused.
 */
public final class NamespaceLifecycle implements Admission {
  private static final ResourceType NAMESPACES = BuiltinResources.find("", "namespaces").orElseThrow();

  private final ObjectStore store;

  public NamespaceLifecycle(ObjectStore store) {
    this.store = store;
  }

  @Override
  public Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
    if (old != null || !type.namespaced()) {
      return NOTHING;
    }
    String ns = obj.path("metadata").path("namespace").asText("");
    ObjectNode namespace;
    try {
      namespace = store.get(NAMESPACES, null, ns, "0");
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
      namespace = store.get(NAMESPACES, null, ns, null);
    }
    boolean terminating = namespace.path("metadata").hasNonNull("deletionTimestamp")
        || "Terminating".equals(namespace.path("status").path("phase").asText());
    if (terminating && !isNamespaceEvent(type)) {
      throw Status.namespaceTerminating(type, obj.path("metadata").path("name").asText(""), ns);
    }
    return NOTHING;
  }

  /** Events about a terminating namespace are still accepted upstream. */
  private static boolean isNamespaceEvent(ResourceType type) {
    return type.resource().equals("events");
  }
}
