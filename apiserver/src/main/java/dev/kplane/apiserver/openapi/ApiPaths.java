package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Swagger 2.0 paths of one served resource, as kube-apiserver's installer publishes them (apiserver
 * pkg/endpoints/installer.go): list/create/deletecollection on the collection, get/replace/patch/delete on the item,
 * the deprecated watch paths, and the object-valued subresources. Each operation carries {@code x-kubernetes-action}
 * and {@code x-kubernetes-group-version-kind}; kubectl looks for {@code fieldValidation} among the PATCH parameters.
 */
final class ApiPaths {
  /** Resolves a group/version/kind to its definition name, or null when no definition models it. */
  @FunctionalInterface
  interface DefinitionLookup {
    String definition(String group, String version, String kind);
  }

  private record Gvk(String group, String version, String kind) {}

  /** A subresource served with an object body: its HTTP methods and, when not the resource's own, its kind. */
  private record Subresource(List<String> methods, Gvk kind) {}

  private static final Map<String, Subresource> SUBRESOURCES = Map.of(
      "status", new Subresource(List.of("get", "put", "patch"), null),
      "scale", new Subresource(List.of("get", "put", "patch"), new Gvk("autoscaling", "v1", "Scale")),
      "ephemeralcontainers", new Subresource(List.of("get", "put", "patch"), null),
      "resize", new Subresource(List.of("get", "put", "patch"), null),
      "finalize", new Subresource(List.of("put"), null),
      "binding", new Subresource(List.of("post"), new Gvk("", "v1", "Binding")),
      "eviction", new Subresource(List.of("post"), new Gvk("policy", "v1", "Eviction")),
      "token", new Subresource(List.of("post"), new Gvk("authentication.k8s.io", "v1", "TokenRequest")));

  private static final List<String> PRODUCES = List.of("application/json", "application/yaml");
  private static final List<String> PRODUCES_LIST =
      List.of("application/json", "application/yaml", "application/json;stream=watch");
  private static final List<String> PRODUCES_WATCH = List.of("application/json", "application/json;stream=watch");
  private static final List<String> CONSUMES_ANY = List.of("*/*");
  private static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
      "application/strategic-merge-patch+json", "application/apply-patch+yaml");

  private final ResourceType type;
  private final DefinitionLookup lookup;
  private final String gvName;
  private final String scope;
  private final Gvk own;

  private ApiPaths(ResourceType type, DefinitionLookup lookup) {
    this.type = type;
    this.lookup = lookup;
    this.gvName = groupVersionName(type.group(), type.version());
    this.scope = type.namespaced() ? "Namespaced" : "";
    this.own = new Gvk(type.group(), type.version(), type.kind());
  }

  /** The paths of a resource, empty when its kind has no definition (a custom resource, for now). */
  static Map<String, ObjectNode> of(ResourceType type, DefinitionLookup lookup) {
    if (lookup.definition(type.group(), type.version(), type.kind()) == null) {
      return Map.of();
    }
    return new ApiPaths(type, lookup).build();
  }

  /** "AppsV1", "CoreV1", "RbacAuthorizationV1": how kube's operation ids name a group version. */
  static String groupVersionName(String group, String version) {
    String g = group.isEmpty() ? "core" : group.replaceAll("\\.k8s\\.io$", "");
    return Arrays.stream(g.split("\\.")).map(ApiPaths::capitalize).collect(Collectors.joining())
        + capitalize(version);
  }

  /** "apps_v1", "core_v1", "rbacAuthorization_v1": the operation tag of a group version. */
  static String tag(String group, String version) {
    String n = groupVersionName(group, version);
    String g = n.substring(0, n.length() - version.length());
    return Character.toLowerCase(g.charAt(0)) + g.substring(1) + "_" + version;
  }

  private Map<String, ObjectNode> build() {
    String root = (type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/") + type.version();
    String kind = type.kind();
    String ns = type.namespaced() ? "/namespaces/{namespace}" : "";
    String collection = root + ns + "/" + type.resource();
    String item = collection + "/{name}";
    Map<String, ObjectNode> paths = new LinkedHashMap<>();

    ObjectNode c = pathItem(null);
    c.set("post", operation("create a " + kind, "create" + gvName + scope + kind, "post", own,
        writeParams(false), definition(own), PRODUCES, Map.of("200", kind, "201", kind, "202", kind)));
    if (!type.stored()) {
      // a review: created, answered, never stored
      paths.put(collection, c);
      return paths;
    }
    c.set("get", operation("list or watch objects of kind " + kind, "list" + gvName + scope + kind, "list", own,
        Parameters.LIST, null, PRODUCES_LIST, Map.of("200", kind + "List")));
    List<ObjectNode> deleteCollection = new ArrayList<>(Parameters.LIST);
    deleteCollection.add(Parameters.DRY_RUN);
    deleteCollection.addAll(Parameters.DELETE);
    deleteCollection.removeIf(p -> p.get("name").asText().matches("allowWatchBookmarks|watch"));
    c.set("delete", operation("delete collection of " + kind, "delete" + gvName + "Collection" + scope + kind,
        "deletecollection", own, deleteCollection, meta("DeleteOptions"), PRODUCES, Map.of("200", "Status")));
    paths.put(collection, c);

    ObjectNode i = pathItem(kind);
    i.set("get", operation("read the specified " + kind, "read" + gvName + scope + kind, "get", own,
        List.of(), null, PRODUCES, Map.of("200", kind)));
    i.set("put", operation("replace the specified " + kind, "replace" + gvName + scope + kind, "put", own,
        writeParams(false), definition(own), PRODUCES, Map.of("200", kind, "201", kind)));
    i.set("patch", operation("partially update the specified " + kind, "patch" + gvName + scope + kind, "patch", own,
        writeParams(true), WellKnownDefinitions.PATCH, PRODUCES, Map.of("200", kind, "201", kind)));
    List<ObjectNode> delete = new ArrayList<>(List.of(Parameters.DRY_RUN));
    delete.addAll(Parameters.DELETE);
    i.set("delete", operation("delete a " + kind, "delete" + gvName + scope + kind, "delete", own, delete,
        meta("DeleteOptions"), PRODUCES, Map.of("200", "Status", "202", "Status")));
    paths.put(item, i);

    if (type.namespaced()) {
      paths.put(root + "/" + type.resource(), listAllNamespaces());
    }
    String watch = root + "/watch" + ns + "/" + type.resource();
    paths.put(watch, watchItem(null, "watchlist", "watch individual changes to a list of " + kind
        + ". deprecated: use the 'watch' parameter with a list operation instead.",
        "watch" + gvName + scope + kind + "List"));
    paths.put(watch + "/{name}", watchItem(kind, "watch", "watch changes to an object of kind " + kind
        + ". deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the "
        + "'fieldSelector' parameter.", "watch" + gvName + scope + kind));
    if (type.namespaced()) {
      paths.put(root + "/watch/" + type.resource(), watchItem(null, "watchlist", "watch individual changes to a list"
          + " of " + kind + ". deprecated: use the 'watch' parameter with a list operation instead.",
          "watch" + gvName + kind + "ListForAllNamespaces"));
    }
    for (String sub : type.subresources()) {
      ObjectNode s = subresource(sub);
      if (s != null) {
        paths.put(item + "/" + sub, s);
      }
    }
    return paths;
  }

  private ObjectNode listAllNamespaces() {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.set("get", operation("list or watch objects of kind " + type.kind(),
        "list" + gvName + type.kind() + "ForAllNamespaces", "list", own, Parameters.LIST, null, PRODUCES_LIST,
        Map.of("200", type.kind() + "List")));
    p.putArray("parameters").add(Parameters.PRETTY.deepCopy());
    return p;
  }

  private ObjectNode watchItem(String nameKind, String action, String description, String operationId) {
    ObjectNode p = pathItem(nameKind);
    p.set("get", operation(description, operationId, action, own, Parameters.LIST, null, PRODUCES_WATCH,
        Map.of("200", "WatchEvent")));
    return p;
  }

  private ObjectNode subresource(String name) {
    Subresource sub = SUBRESOURCES.get(name);
    if (sub == null) {
      return null;
    }
    Gvk gvk = sub.kind() == null ? own : sub.kind();
    if (lookup.definition(gvk.group(), gvk.version(), gvk.kind()) == null) {
      return null;
    }
    String k = gvk.kind();
    String suffix = capitalize(name);
    String id = gvName + scope + type.kind() + suffix;
    ObjectNode p = pathItem(k);
    for (String method : sub.methods()) {
      switch (method) {
        case "get" -> p.set("get", operation("read " + name + " of the specified " + type.kind(), "read" + id, "get",
            gvk, List.of(), null, PRODUCES, Map.of("200", k)));
        case "put" -> p.set("put", operation("replace " + name + " of the specified " + type.kind(), "replace" + id,
            "put", gvk, writeParams(false), definition(gvk), PRODUCES, Map.of("200", k, "201", k)));
        case "patch" -> p.set("patch", operation("partially update " + name + " of the specified " + type.kind(),
            "patch" + id, "patch", gvk, writeParams(true), WellKnownDefinitions.PATCH, PRODUCES,
            Map.of("200", k, "201", k)));
        case "post" -> p.set("post", operation("create " + name + " of a " + type.kind(), "create" + id, "post", gvk,
            writeParams(false), definition(gvk), PRODUCES, Map.of("200", k, "201", k, "202", k)));
        default -> throw new IllegalStateException(method);
      }
    }
    return p;
  }

  /** A path item with its path-level parameters: the name (of an object of nameKind) and namespace, and pretty. */
  private ObjectNode pathItem(String nameKind) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    ArrayNode params = p.putArray("parameters");
    if (nameKind != null) {
      params.add(Parameters.name(nameKind));
    }
    if (type.namespaced()) {
      params.add(Parameters.NAMESPACE.deepCopy());
    }
    params.add(Parameters.PRETTY.deepCopy());
    return p;
  }

  private static List<ObjectNode> writeParams(boolean patch) {
    List<ObjectNode> out = new ArrayList<>(List.of(Parameters.DRY_RUN,
        patch ? Parameters.FIELD_MANAGER_PATCH : Parameters.FIELD_MANAGER_WRITE, Parameters.FIELD_VALIDATION));
    if (patch) {
      out.add(Parameters.FORCE);
    }
    return out;
  }

  /**
   * One operation: its body definition (null when it takes none), and responses mapping status codes to kind names
   * of the operation's group version, or to the meta kinds Status and WatchEvent.
   */
  private ObjectNode operation(String description, String operationId, String action, Gvk gvk,
                               List<ObjectNode> params, String body, List<String> produces,
                               Map<String, String> responses) {
    ObjectNode op = Json.MAPPER.createObjectNode();
    if (body != null) {
      strings(op.putArray("consumes"), action.equals("patch") ? PATCH_TYPES : CONSUMES_ANY);
    }
    op.put("description", description);
    op.put("operationId", operationId);
    ArrayNode ps = op.putArray("parameters");
    if (body != null) {
      ps.add(Parameters.body(body));
    }
    params.forEach(p -> ps.add(p.deepCopy()));
    strings(op.putArray("produces"), produces);
    ObjectNode rs = op.putObject("responses");
    responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      ObjectNode r = rs.putObject(e.getKey()).put("description", responseText(e.getKey()));
      r.putObject("schema").put("$ref", "#/definitions/" + responseDefinition(e.getValue(), gvk));
    });
    rs.putObject("401").put("description", "Unauthorized");
    op.putArray("schemes").add("https");
    op.putArray("tags").add(tag(type.group(), type.version()));
    op.put("x-kubernetes-action", action);
    op.putObject("x-kubernetes-group-version-kind").put("group", gvk.group()).put("kind", gvk.kind())
        .put("version", gvk.version());
    return op;
  }

  private String definition(Gvk gvk) {
    return lookup.definition(gvk.group(), gvk.version(), gvk.kind());
  }

  private String responseDefinition(String kind, Gvk gvk) {
    return switch (kind) {
      case "Status", "WatchEvent" -> meta(kind);
      default -> lookup.definition(gvk.group(), gvk.version(), kind);
    };
  }

  private static String meta(String kind) {
    return DefinitionNames.META + kind;
  }

  private static String responseText(String code) {
    return switch (code) {
      case "200" -> "OK";
      case "201" -> "Created";
      case "202" -> "Accepted";
      default -> throw new IllegalArgumentException(code);
    };
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
