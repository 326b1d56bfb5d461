package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The OpenAPI documents kplane serves: Swagger 2.0 at /openapi/v2 (JSON and gnostic protobuf) and OpenAPI 3.0 per
 * group version under /openapi/v3. The definitions come from the Java client's model classes, generated once per
 * instance on first use; the paths come from the registry and are rebuilt after {@link #invalidate()} (when resource
 * types are added).
 */
public final class OpenApi {
  private static final String KUBE_VERSION = "v1.32.0";

  /** Kinds reached only through subresources or meta operations: they need definitions but are not served. */
  private static final List<String[]> EXTRA_KINDS = List.of(
      new String[] {"", "v1", "Binding"},
      new String[] {"autoscaling", "v1", "Scale"},
      new String[] {"policy", "v1", "Eviction"},
      new String[] {"authentication.k8s.io", "v1", "TokenRequest"},
      new String[] {"", "v1", "Status"},
      new String[] {"", "v1", "DeleteOptions"},
      new String[] {"", "v1", "WatchEvent"});

  private final ResourceRegistry registry;
  private final PatchExtensions extensions;
  private Models models;
  private Documents documents;

  /** The generated definitions and which definition models each group/version/kind. */
  private record Models(SortedMap<String, ObjectNode> definitions, Map<String, String> byKind) {
    String definition(String group, String version, String kind) {
      return byKind.get(group + "/" + version + "/" + kind);
    }
  }

  /** Everything served, built together so that the v3 index hashes match the v3 documents. */
  private record Documents(byte[] v2Json, byte[] v2Protobuf, String v2Etag, Map<String, ObjectNode> v3, Map<String, byte[]> v3Json,
                           Map<String, String> v3Hash) {}

  public OpenApi(ResourceRegistry registry, PatchExtensions extensions) {
    this.registry = registry;
    this.extensions = extensions;
    registry.onChange(this::invalidate);
  }

  /** Forgets the documents built from the registry; the next request rebuilds them. Definitions stay cached. */
  public synchronized void invalidate() {
    documents = null;
  }

  /** The Swagger 2.0 document as JSON. */
  public byte[] v2Json() {
    return documents().v2Json();
  }

  /** The Swagger 2.0 document as a gnostic openapi.v2.Document protobuf, what kubectl asks for. */
  public byte[] v2Protobuf() {
    return documents().v2Protobuf();
  }

  /** The ETag kube-apiserver gives the v2 document: the upper-case hex SHA-512 of its JSON. */
  public String v2Etag() {
    return documents().v2Etag();
  }

  /** The /openapi/v3 index: {"paths": {"apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=…"}}}. */
  public ObjectNode v3Index() {
    Documents d = documents();
    ObjectNode index = Json.MAPPER.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    d.v3Hash().forEach((gv, hash) ->
        paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + hash));
    return index;
  }

  /** The OpenAPI 3.0 document of a group version path ("api/v1", "apis/apps/v1"), or null when none is served. */
  public ObjectNode v3(String groupVersionPath) {
    ObjectNode doc = documents().v3().get(groupVersionPath);
    return doc == null ? null : doc.deepCopy();
  }

  /** The serialized v3 document (what the hash covers), or null. */
  public byte[] v3Json(String groupVersionPath) {
    return documents().v3Json().get(groupVersionPath);
  }

  /** The hash of a v3 document, its ETag and the index's ?hash= value; null when none is served. */
  public String v3Hash(String groupVersionPath) {
    return documents().v3Hash().get(groupVersionPath);
  }

  /**
   * The Swagger 2.0 definitions of the built-in kinds, without patch extensions: the structure server-side apply
   * merges by and field validation walks. Generated once, on first use; callers must not change them.
   */
  public static SortedMap<String, ObjectNode> builtinDefinitions() {
    return BuiltinDefinitions.DEFINITIONS;
  }

  /** Holder: the class loader's lock makes the one generation thread-safe. */
  private static final class BuiltinDefinitions {
    static final SortedMap<String, ObjectNode> DEFINITIONS =
        java.util.Collections.unmodifiableSortedMap(generateModels(PatchExtensions.NONE).definitions());
  }

  static ObjectNode info() {
    return Json.MAPPER.createObjectNode().put("title", "Kubernetes").put("version", KUBE_VERSION);
  }

  static String sha512(byte[] data) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized Models models() {
    if (models == null) {
      models = generateModels(extensions);
    }
    return models;
  }

  private synchronized Documents documents() {
    if (documents == null) {
      documents = build(withCustomResources(models()), registry.all());
    }
    return documents;
  }

  /** The generated definitions plus those of the custom resources served now. */
  private Models withCustomResources(Models generated) {
    if (registry.customResources().isEmpty()) {
      return generated;
    }
    SortedMap<String, ObjectNode> definitions = new TreeMap<>(generated.definitions());
    Map<String, String> byKind = new LinkedHashMap<>(generated.byKind());
    for (var cr : registry.customResources()) {
      CustomResourceModels.add(cr, definitions);
      ResourceType t = cr.type();
      byKind.put(t.group() + "/" + t.version() + "/" + t.kind(), CustomResourceModels.name(t.group(), t.version(), t.kind()));
      byKind.put(t.group() + "/" + t.version() + "/" + cr.listKind(),
          CustomResourceModels.name(t.group(), t.version(), cr.listKind()));
    }
    return new Models(definitions, byKind);
  }

  private static Models generateModels(PatchExtensions extensions) {
    List<ModelDefinitions.Root> roots = new ArrayList<>();
    for (ResourceType t : BuiltinResources.ALL_TYPES) {
      addRoot(roots, t.group(), t.version(), t.kind());
      addRoot(roots, t.group(), t.version(), t.kind() + "List");
    }
    for (String[] k : EXTRA_KINDS) {
      addRoot(roots, k[0], k[1], k[2]);
    }
    SortedMap<String, ObjectNode> definitions = ModelDefinitions.generate(roots, extensions);
    // The body of every PATCH operation; no model field refers to it.
    definitions.put(WellKnownDefinitions.PATCH, WellKnownDefinitions.definition(WellKnownDefinitions.PATCH));
    Map<String, String> byKind = new LinkedHashMap<>();
    definitions.forEach((name, schema) -> schema.path("x-kubernetes-group-version-kind").forEach(gvk ->
        byKind.put(gvk.get("group").asText() + "/" + gvk.get("version").asText() + "/" + gvk.get("kind").asText(),
            name)));
    return new Models(definitions, byKind);
  }

  private static void addRoot(List<ModelDefinitions.Root> roots, String group, String version, String kind) {
    Class<?> model = ModelDefinitions.modelClass(group, version, kind);
    if (model != null) {
      roots.add(new ModelDefinitions.Root(group, version, kind, model));
    }
  }

  private static Documents build(Models models, List<ResourceType> types) {
    Map<String, ObjectNode> allPaths = new LinkedHashMap<>();
    SortedMap<String, Map<String, ObjectNode>> byGroupVersion = new TreeMap<>();
    for (ResourceType t : types) {
      Map<String, ObjectNode> paths = ApiPaths.of(t, models::definition);
      if (paths.isEmpty()) {
        continue;
      }
      allPaths.putAll(paths);
      String gv = t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
      byGroupVersion.computeIfAbsent(gv, k -> new LinkedHashMap<>()).putAll(paths);
    }
    ObjectNode v2 = Json.MAPPER.createObjectNode();
    v2.put("swagger", "2.0");
    v2.set("info", info());
    ObjectNode paths = v2.putObject("paths");
    new TreeMap<>(allPaths).forEach(paths::set);
    ObjectNode definitions = v2.putObject("definitions");
    models.definitions().forEach(definitions::set);
    byte[] v2Json = Json.bytes(v2);

    Map<String, ObjectNode> v3 = new TreeMap<>();
    Map<String, byte[]> v3Json = new TreeMap<>();
    Map<String, String> v3Hash = new TreeMap<>();
    byGroupVersion.forEach((gv, gvPaths) -> {
      ObjectNode doc = OpenApiV3.document(new TreeMap<>(gvPaths), models.definitions());
      byte[] json = Json.bytes(doc);
      v3.put(gv, doc);
      v3Json.put(gv, json);
      v3Hash.put(gv, sha512(json));
    });
    return new Documents(v2Json, V2Protobuf.encode(v2), sha512(v2Json), v3, v3Json, v3Hash);
  }
}
