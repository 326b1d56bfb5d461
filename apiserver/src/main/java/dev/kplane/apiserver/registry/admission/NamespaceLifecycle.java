package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-apiserver's NamespaceLifecycle admission: nothing is created in a namespace that does not exist or is
 * being terminated. Like upstream it looks in the cache first and, on a miss, reads consistently, so an
 * object created right after its namespace is not refused; and like upstream's forceLiveLookup cache, a
 * namespace this server saw being deleted is read consistently for a while, so a create right after the
 * delete is refused even before the cache has caught up.
 */
public final class NamespaceLifecycle implements Admission {
  private static final ResourceType NAMESPACES = BuiltinResources.find("", "namespaces").orElseThrow();

  private static final Duration LIVE_LOOKUP = Duration.ofSeconds(30);

  private final ObjectStore store;
  private final Clock clock;
  private final Map<String, Instant> recentlyDeleted = new ConcurrentHashMap<>();

  public NamespaceLifecycle(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void applied(ResourceType type, ObjectNode obj, ObjectNode old) {
    if (type.equals(NAMESPACES) && (obj == null || obj.path("metadata").hasNonNull("deletionTimestamp"))) {
      Instant now = clock.instant();
      recentlyDeleted.values().removeIf(t -> t.isBefore(now));
      recentlyDeleted.put(old.path("metadata").path("name").asText(), now.plus(LIVE_LOOKUP));
    }
  }

  @Override
  public Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
    if (old != null || !type.namespaced()) {
      return NOTHING;
    }
    String ns = obj.path("metadata").path("namespace").asText("");
    ObjectNode namespace;
    Instant live = recentlyDeleted.get(ns);
    try {
      namespace = store.get(NAMESPACES, null, ns, live != null && live.isAfter(clock.instant()) ? null : "0");
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
