package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Server-side apply and managedFields for every write, as kube-apiserver's default field manager chain does them
 * (k8s.io/apimachinery/pkg/util/managedfields/internal): version check, last-applied upgrade and sync for kubectl,
 * tracking from the first apply, the Update-entry cap, manager identities, time stamps, the metadata fields nobody
 * owns, and the structured merge itself ({@link Updater}).
 */
public final class FieldManager {
  static final String BEFORE_FIRST_APPLY = "before-first-apply";
  /** The name an update is tracked under until its fields are known (managedFieldsUpdater). */
  private static final ManagerId CURRENT_OPERATION = new ManagerId("current-operation", "", null, "");
  private static final FieldSet STRIPPED = FieldSet.of(List.of(
      path("apiVersion"), path("kind"), path("metadata"), path("metadata", "name"), path("metadata", "namespace"),
      path("metadata", "creationTimestamp"), path("metadata", "selfLink"), path("metadata", "uid"),
      path("metadata", "clusterName"), path("metadata", "generation"), path("metadata", "managedFields"),
      path("metadata", "resourceVersion")));
  private static final List<PathElement> REPLICAS = path("spec", "replicas");

  private final Supplier<Schemas> schemas;
  private final Clock clock;

  /** schemas is asked on the first write, so that building the built-in schema waits until it is needed. */
  public FieldManager(Supplier<Schemas> schemas, Clock clock) {
    this.schemas = schemas;
    this.clock = clock;
  }

  /**
   * managedFields of a create (live null), update or patch that is not an apply: next gets them. Like kube's
   * UpdateNoErrors it never fails the write: on a value that does not fit the schema the live entries stay.
   *
   * @param subresource "" for the main resource, "status" for /status
   */
  public void update(ResourceType type, ObjectNode live, ObjectNode next, String manager, String subresource) {
    JsonNode liveEntries = live == null ? null : live.path("metadata").get("managedFields");
    try {
      Map<ManagerId, Owned> managed = liveOrNew(liveEntries, next, !subresource.isEmpty());
      Meta.metadata(next).remove("managedFields");
      if (managed.isEmpty() && live != null) {
        // an object nobody tracks starts being tracked by its first apply (skipNonAppliedManager)
        return;
      }
      ObjectNode before = live == null ? Json.MAPPER.createObjectNode() : withoutManagedFields(live);
      Updater updater = new Updater(root(type), ignored(type, subresource, before, next));
      managed = track(updater, before, next, managed, ManagerId.update(named(manager), type.apiVersion(), subresource),
          type.apiVersion());
      setEntries(next, ManagedFields.capUpdateManagers(managed));
    } catch (IllegalArgumentException e) {
      setEntries(next, liveEntries);
    }
  }

  /**
   * A server-side apply of config by manager to live (null: the object does not exist yet). Returns the object to
   * store, with its managedFields; throws the 409 of kube on conflicts and 400s on a bad configuration.
   */
  public ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode config, String manager, boolean force,
                          String subresource) {
    String apiVersion = config.path("apiVersion").asText("");
    String kind = config.path("kind").asText("");
    if (!apiVersion.equals(type.apiVersion()) || !kind.equals(type.kind())) {
      throw Status.badRequest("invalid object type: " + gvk(apiVersion, kind));
    }
    if (config.path("metadata").has("managedFields") && !config.path("metadata").get("managedFields").isNull()) {
      throw Status.badRequest("metadata.managedFields must be nil");
    }
    ObjectNode before = live == null ? Json.MAPPER.createObjectNode() : withoutManagedFields(live);
    Map<ManagerId, Owned> managed;
    try {
      managed = ManagedFields.decode(live == null ? null : live.path("metadata").get("managedFields"));
    } catch (IllegalArgumentException e) {
      throw Status.internal("failed to decode managed fields: " + e.getMessage());
    }
    TypeNode root = root(type);
    Updater updater = new Updater(root, ignored(type, subresource, before, config));
    try {
      if (managed.isEmpty() && live != null) {
        managed = track(updater, Json.MAPPER.createObjectNode(), before, managed,
            ManagerId.update(BEFORE_FIRST_APPLY, type.apiVersion(), subresource), type.apiVersion());
      }
      ManagerId id = ManagerId.apply(named(manager), subresource);
      Updater.Applied applied;
      try {
        applied = updater.apply(before, config, type.apiVersion(), managed, id, force);
      } catch (Conflicts c) {
        applied = updater.apply(before, config, type.apiVersion(), managed, id,
            LastApplied.allows(c, manager, root, type, before));
      }
      return result(applied, before, config, id, manager, root);
    } catch (Conflicts c) {
      throw c.toApiException();
    } catch (Shapes.SchemaError e) {
      throw Status.internal("failed to create typed patch object (" + Meta.namespace(before) + "/"
          + Meta.name(config) + "; " + gvk(apiVersion, kind) + "): " + e.getMessage());
    }
  }

  private ObjectNode result(Updater.Applied applied, ObjectNode before, ObjectNode config, ManagerId id,
                            String manager, TypeNode root) {
    Map<ManagerId, Owned> managers = new LinkedHashMap<>(applied.managers());
    strip(managers, id);
    ObjectNode out;
    if (applied.object() != null) {
      out = applied.object() instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
      if (root instanceof TypeNode.Struct) {
        dropNulls(out);
      }
      managers.computeIfPresent(id, (k, o) -> new Owned(o.set(), o.apiVersion(), now()));
    } else {
      out = before.deepCopy();
    }
    LastApplied.sync(out, config, manager);
    setEntries(out, managers);
    return out;
  }

  /**
   * managedFields after a write through the scale subresource (kube's ScaleHandler): when replicas changed and
   * someone owned them, the scaler alone owns them; otherwise nothing changes.
   */
  public void scale(ResourceType type, ObjectNode live, ObjectNode next, String manager) {
    JsonNode entries = live.path("metadata").get("managedFields");
    setEntries(next, entries);
    Map<ManagerId, Owned> managed;
    try {
      managed = ManagedFields.decode(entries);
    } catch (IllegalArgumentException e) {
      return;
    }
    boolean owned = managed.values().stream().anyMatch(o -> o.set().has(REPLICAS));
    JsonNode was = live.path("spec").get("replicas");
    JsonNode now = next.path("spec").get("replicas");
    if (!owned || (was != null && now != null && Values.equal(was, now))) {
      return;
    }
    FieldSet replicas = FieldSet.of(List.of(REPLICAS));
    Map<ManagerId, Owned> out = new LinkedHashMap<>();
    managed.forEach((id, o) -> {
      FieldSet left = o.set().difference(replicas);
      if (!left.isEmpty()) {
        out.put(id, o.withSet(left));
      }
    });
    ManagerId scaler = ManagerId.update(named(manager), type.apiVersion(), "scale");
    Owned previous = managed.get(scaler);
    out.put(scaler, new Owned(replicas, type.apiVersion(), previous == null ? null : previous.time()));
    setEntries(next, ManagedFields.encode(out));
  }

  /** The manager of a write that names none: the User-Agent's product, as kube's managerOrUserAgent derives it. */
  public static String managerName(String fieldManager, String userAgent) {
    if (fieldManager != null && !fieldManager.isEmpty()) {
      return fieldManager;
    }
    String product = userAgent == null ? "" : userAgent.split("/", -1)[0];
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < product.length(); ) {
      int cp = product.codePointAt(i);
      i += Character.charCount(cp);
      if (!isPrint(cp)) {
        continue;
      }
      int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes + len > 128) {
        break;
      }
      bytes += len;
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    int t = Character.getType(cp);
    return !(Character.isWhitespace(cp) || Character.isSpaceChar(cp) || t == Character.CONTROL
        || t == Character.FORMAT || t == Character.SURROGATE || t == Character.PRIVATE_USE
        || t == Character.UNASSIGNED);
  }

  // ---- the chain's steps ----

  /** Which managers an update starts from (decodeLiveOrNew): a subresource keeps the live ones. */
  private static Map<ManagerId, Owned> liveOrNew(JsonNode liveEntries, ObjectNode next, boolean subresource) {
    if (!subresource) {
      JsonNode sent = next.path("metadata").get("managedFields");
      if (ManagedFields.isReset(sent)) {
        return new LinkedHashMap<>();
      }
      try {
        Map<ManagerId, Owned> m = ManagedFields.decode(sent);
        if (!m.isEmpty()) {
          return m;
        }
      } catch (IllegalArgumentException e) {
        // clients that do not understand managedFields must not lose them: use the live ones
      }
    }
    try {
      return ManagedFields.decode(liveEntries);
    } catch (IllegalArgumentException e) {
      return new LinkedHashMap<>();
    }
  }

  /** An update by id: what changed becomes id's, merged with what id owned, stamped now. */
  private Map<ManagerId, Owned> track(Updater updater, JsonNode before, JsonNode after, Map<ManagerId, Owned> managed,
                                      ManagerId id, String apiVersion) {
    Map<ManagerId, Owned> out = updater.update(before, after, apiVersion, managed, CURRENT_OPERATION);
    strip(out, CURRENT_OPERATION);
    Owned current = out.remove(CURRENT_OPERATION);
    if (current != null) {
      Owned previous = out.get(id);
      FieldSet set = previous == null ? current.set() : current.set().union(previous.set());
      out.put(id, new Owned(set, apiVersion, now()));
    }
    return out;
  }

  /** Nobody owns the identity and bookkeeping fields of metadata (stripMetaManager). */
  private static void strip(Map<ManagerId, Owned> managers, ManagerId id) {
    Owned o = managers.get(id);
    if (o != null) {
      FieldSet left = o.set().difference(STRIPPED);
      if (left.isEmpty()) {
        managers.remove(id);
      } else {
        managers.put(id, o.withSet(left));
      }
    }
  }

  /**
   * The fields a write cannot change (the reset fields of kube's strategies): status through the main resource of a
   * kind with a status subresource, everything else through /status.
   */
  private static FieldSet ignored(ResourceType type, String subresource, JsonNode... objects) {
    FieldSet out = new FieldSet();
    if (subresource.equals("status")) {
      for (JsonNode o : objects) {
        o.fieldNames().forEachRemaining(f -> {
          if (!f.equals("status")) {
            out.insert(List.of(PathElement.field(f)));
          }
        });
      }
    } else if (type.subresources().contains("status")) {
      out.insert(List.of(PathElement.field("status")));
    }
    return out;
  }

  private TypeNode root(ResourceType type) {
    return schemas.get().forKind(type.group(), type.version(), type.kind());
  }

  private String now() {
    return Meta.timestamp(clock.instant());
  }

  private static String named(String manager) {
    return manager == null || manager.isEmpty() ? "unknown" : manager;
  }

  private static String gvk(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    return (slash < 0 ? "/" + apiVersion : apiVersion) + ", Kind=" + kind;
  }

  private static ObjectNode withoutManagedFields(ObjectNode obj) {
    ObjectNode copy = obj.deepCopy();
    Meta.metadata(copy).remove("managedFields");
    return copy;
  }

  private static void setEntries(ObjectNode obj, Map<ManagerId, Owned> managers) {
    setEntries(obj, ManagedFields.encode(managers));
  }

  private static void setEntries(ObjectNode obj, JsonNode entries) {
    if (entries == null || entries.isNull() || (entries instanceof ArrayNode a && a.isEmpty())) {
      Meta.metadata(obj).remove("managedFields");
    } else {
      Meta.metadata(obj).set("managedFields", entries.deepCopy());
    }
  }

  /** What a Go struct drops when it decodes the merged object: fields set to null. */
  private static void dropNulls(JsonNode v) {
    if (v instanceof ObjectNode o) {
      o.properties().removeIf(e -> e.getValue().isNull());
      o.forEach(FieldManager::dropNulls);
    } else if (v instanceof ArrayNode a) {
      a.forEach(FieldManager::dropNulls);
    }
  }

  private static List<PathElement> path(String... fields) {
    return java.util.Arrays.stream(fields).map(PathElement::field).toList();
  }
}
