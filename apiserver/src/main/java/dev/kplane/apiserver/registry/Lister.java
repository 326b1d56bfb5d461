package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.cache.ResourceCache;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.pcollections.TreePMap;

/**
 * LIST from the watch cache with the Kubernetes semantics of resourceVersion, resourceVersionMatch, limit and
 * continue. Pages of one list all come from the snapshot at the first page's resourceVersion.
 */
public final class Lister {
  private final ObjectStore store;

  public Lister(ObjectStore store) {
    this.store = store;
  }

  public ObjectNode list(ResourceType type, String namespace, ListOptions o) {
    Selection sel = Selection.of(type, namespace, o.labelSelector(), o.fieldSelector());
    ResourceCache.Snapshot snap;
    String start = null;
    if (o.continueToken() != null && !o.continueToken().isEmpty()) {
      if (o.resourceVersion() != null && !o.resourceVersion().isEmpty()) {
        throw Status.badRequest("specifying resource version is not allowed when using continue");
      }
      Continue token = Continue.decode(o.continueToken());
      snap = store.notOlderThan(type, 0).snapshotAt(token.rv());
      if (snap == null) {
        throw Status.gone("The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter.");
      }
      start = token.start();
    } else {
      snap = snapshot(type, o);
    }
    TreePMap<String, CachedObject> objects = snap.objects();
    if (namespace != null && type.namespaced()) {
      objects = objects.subMap(namespace + "/", namespace + "0"); // '0' is the character after '/'
    }
    if (start != null) {
      objects = objects.tailMap(start, true);
    }
    List<CachedObject> items = new ArrayList<>();
    String next = null;
    for (Map.Entry<String, CachedObject> e : objects.entrySet()) {
      if (!sel.matches(e.getValue().object())) {
        continue;
      }
      if (o.limit() > 0 && items.size() == o.limit()) {
        next = new Continue(snap.resourceVersion(), e.getKey()).encode();
        break;
      }
      items.add(e.getValue());
    }
    Long remaining = null;
    if (next != null && sel.isEverything()) {
      remaining = (long) objects.tailMap(Continue.decode(next).start(), true).size();
    }
    return ObjectStore.listBody(type, snap.resourceVersion(), items, next, remaining);
  }

  private ResourceCache.Snapshot snapshot(ResourceType type, ListOptions o) {
    String rv = o.resourceVersion();
    String match = o.resourceVersionMatch();
    if (rv == null || rv.isEmpty()) {
      if (match != null && !match.isEmpty()) {
        throw Status.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
      }
      return store.consistent(type).current();
    }
    long v = ObjectStore.parseRv(rv);
    if (match == null || match.isEmpty() || match.equals("NotOlderThan")) {
      return store.notOlderThan(type, v).current();
    }
    if (!match.equals("Exact")) {
      throw Status.badRequest("resourceVersionMatch: Unsupported value: \"" + match
          + "\": supported values: \"Exact\", \"NotOlderThan\"");
    }
    if (v == 0) {
      throw Status.badRequest("resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
    }
    ResourceCache c = store.notOlderThan(type, v);
    ResourceCache.Snapshot s = c.snapshotAt(v);
    if (s == null) {
      throw Status.gone("too old resource version: " + v + " (" + c.oldestInMemory() + ")");
    }
    return s;
  }

  /** The continue token: the list's resourceVersion and the first key of the next page. */
  record Continue(long rv, String start) {
    String encode() {
      ObjectNode n = Json.MAPPER.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", rv).put("start", start);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    static Continue decode(String token) {
      try {
        var n = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        if (!"meta.k8s.io/v1".equals(n.path("v").asText()) || !n.has("rv") || !n.has("start")) {
          throw new IllegalArgumentException();
        }
        return new Continue(n.get("rv").asLong(), n.get("start").asText());
      } catch (RuntimeException e) {
        throw Status.badRequest("continue key is not valid: " + token);
      }
    }
  }
}
