package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kplane.apiserver.openapi.OpenApi;
import dev.kplane.apiserver.registry.patch.PatchMeta;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-side apply schema of the built-in kinds, read as kube-apiserver's type converter reads its OpenAPI
 * models: a definition with properties is a struct, an object with additionalProperties a map, an array a list whose
 * type and keys come from {@code x-kubernetes-list-type} / {@code x-kubernetes-list-map-keys} (kplane keeps those in
 * the patch metadata table, {@link PatchMeta}); a list without one is atomic. The structs and maps that kube marks
 * {@code x-kubernetes-map-type: atomic} are listed here, from the {@code +structType=atomic} and
 * {@code +mapType=atomic} markers of k8s.io/api v0.32.
 */
public final class Schemas {
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String ADMISSION = "io.k8s.api.admissionregistration.v1.";

  private static final Set<String> ATOMIC_STRUCTS = Set.of(
      META + "OwnerReference", META + "LabelSelector",
      CORE + "SecretReference", CORE + "ObjectFieldSelector", CORE + "ResourceFieldSelector",
      CORE + "ConfigMapKeySelector", CORE + "SecretKeySelector", CORE + "NodeSelector", CORE + "NodeSelectorTerm",
      CORE + "TopologySelectorTerm", CORE + "EndpointAddress", CORE + "EndpointPort", CORE + "ObjectReference",
      CORE + "LocalObjectReference", CORE + "TypedLocalObjectReference", CORE + "ScopeSelector",
      "io.k8s.api.autoscaling.v1.CrossVersionObjectReference", "io.k8s.api.discovery.v1.EndpointPort",
      "io.k8s.api.rbac.v1.Subject", "io.k8s.api.rbac.v1.RoleRef", "io.k8s.api.networking.v1.ServiceBackendPort",
      ADMISSION + "ParamKind", ADMISSION + "Variable", ADMISSION + "ParamRef", ADMISSION + "MatchResources",
      ADMISSION + "NamedRuleWithOperations");

  /** Maps marked {@code +mapType=atomic}, as definition.property. */
  private static final Set<String> ATOMIC_MAPS = Set.of(
      CORE + "PodSpec.nodeSelector", CORE + "ReplicationControllerSpec.selector", CORE + "ServiceSpec.selector");

  /** Defaults of list map keys ({@code +default} in k8s.io/api), as definition.property → key → value. */
  private static final Map<String, Map<String, JsonNode>> KEY_DEFAULTS = Map.of(
      CORE + "Container.ports", Map.of("protocol", TextNode.valueOf("TCP")),
      CORE + "EphemeralContainer.ports", Map.of("protocol", TextNode.valueOf("TCP")),
      CORE + "ServiceSpec.ports", Map.of("protocol", TextNode.valueOf("TCP")));

  private static volatile Schemas builtin;

  private final Map<String, ObjectNode> definitions;
  private final Map<String, String> byKind = new HashMap<>();
  private final Map<String, TypeNode> types = new ConcurrentHashMap<>();

  Schemas(Map<String, ObjectNode> definitions) {
    this.definitions = definitions;
    definitions.forEach((name, d) -> d.path("x-kubernetes-group-version-kind").forEach(gvk ->
        byKind.put(gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/"
            + gvk.path("kind").asText(), name)));
  }

  /** The schema of the built-in kinds, generated on first use. */
  public static Schemas builtin() {
    Schemas s = builtin;
    if (s == null) {
      synchronized (Schemas.class) {
        if (builtin == null) {
          builtin = new Schemas(OpenApi.builtinDefinitions());
        }
        s = builtin;
      }
    }
    return s;
  }

  /** The type of a kind's objects; deduced for kinds without a definition (custom resources). */
  public TypeNode forKind(String group, String version, String kind) {
    String name = byKind.get(group + "/" + version + "/" + kind);
    return name == null ? TypeNode.DEDUCED : definition(name);
  }

  TypeNode definition(String name) {
    TypeNode t = types.get(name);
    if (t == null) {
      t = fromDefinition(name);
      types.put(name, t);
    }
    return t;
  }

  private TypeNode fromDefinition(String name) {
    ObjectNode d = definitions.get(name);
    if (d == null) {
      return TypeNode.DEDUCED;
    }
    JsonNode props = d.get("properties");
    if (props != null && props.isObject()) {
      Map<String, TypeNode> fields = new ConcurrentHashMap<>();
      return new TypeNode.Struct(name, ATOMIC_STRUCTS.contains(name), f -> {
        JsonNode p = props.get(f);
        return p == null ? null : fields.computeIfAbsent(f, k -> property(name, k, p));
      });
    }
    String type = d.path("type").asText("");
    return type.isEmpty() || type.equals("object") ? TypeNode.DEDUCED : TypeNode.SCALAR;
  }

  private TypeNode property(String owner, String field, JsonNode p) {
    if (p.has("$ref")) {
      return definition(p.get("$ref").asText().replace("#/definitions/", ""));
    }
    switch (p.path("type").asText("")) {
      case "array": {
        PatchMeta.Field meta = new PatchMeta.Node(PatchMeta.BUILTIN, owner).field(field);
        String listType = meta.listType().isEmpty() ? "atomic" : meta.listType();
        return new TypeNode.ListOf(property(owner, field, p.path("items")), listType, meta.listMapKeys(),
            KEY_DEFAULTS.getOrDefault(owner + "." + field, Map.of()));
      }
      case "object":
        return p.has("additionalProperties")
            ? new TypeNode.MapOf(property(owner, field, p.get("additionalProperties")),
                ATOMIC_MAPS.contains(owner + "." + field))
            : TypeNode.DEDUCED;
      case "":
        return TypeNode.DEDUCED;
      default:
        return TypeNode.SCALAR;
    }
  }
}
