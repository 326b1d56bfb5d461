package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.crd.CustomResource;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The definitions of the served custom resources, as apiextensions' OpenAPI builder publishes them: the version's
 * openAPIV3Schema named {@code <reversed group>.<version>.<Kind>} (com.example.stable.v1.CronTab) with apiVersion,
 * kind and a metadata reference added and its x-kubernetes-group-version-kind, and the list kind beside it.
 */
final class CustomResourceModels {
  private static final String OBJECT_META = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String LIST_META = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  private static final String API_VERSION_DOC = "APIVersion defines the versioned schema of this representation of an "
      + "object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized "
      + "values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
  private static final String KIND_DOC = "Kind is a string value representing the REST resource this object represents. "
      + "Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. "
      + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
  private static final String METADATA_DOC = "Standard object's metadata. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
  private static final String LIST_METADATA_DOC = "Standard list metadata. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private CustomResourceModels() {}

  /** util.ToRESTFriendlyName of group/version/kind: the group's labels reversed. */
  static String name(String group, String version, String kind) {
    List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(labels);
    return String.join(".", labels) + "." + version + "." + kind;
  }

  /** Adds the definitions of one served custom resource version. */
  static void add(CustomResource cr, Map<String, ObjectNode> definitions) {
    ResourceType t = cr.type();
    String name = name(t.group(), t.version(), t.kind());
    definitions.put(name, object(cr));
    definitions.put(name(t.group(), t.version(), cr.listKind()), list(cr, name));
  }

  private static ObjectNode object(CustomResource cr) {
    ObjectNode s;
    if (cr.schema() == null || cr.preserveUnknownFields()
        || cr.schema().path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      // no properties: kubectl would otherwise refuse every field the schema does not name
      s = Json.MAPPER.createObjectNode().put("type", "object");
    } else {
      s = withoutNullable(cr.schema().deepCopy());
      ObjectNode props = s.withObjectProperty("properties");
      props.set("metadata", ref(OBJECT_META, METADATA_DOC));
      props.putObject("apiVersion").put("description", API_VERSION_DOC).put("type", "string");
      props.putObject("kind").put("description", KIND_DOC).put("type", "string");
    }
    gvk(s, cr.type().group(), cr.type().version(), cr.type().kind());
    return s;
  }

  private static ObjectNode list(CustomResource cr, String itemName) {
    ResourceType t = cr.type();
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("description", cr.listKind() + " is a list of " + t.kind());
    s.putArray("required").add("items");
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    props.putObject("apiVersion").put("description", API_VERSION_DOC).put("type", "string");
    ObjectNode items = props.putObject("items");
    items.put("description", "List of " + t.resource()
        + ". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
    items.put("type", "array");
    items.putObject("items").put("$ref", "#/definitions/" + itemName);
    props.putObject("kind").put("description", KIND_DOC).put("type", "string");
    props.set("metadata", ref(LIST_META, LIST_METADATA_DOC));
    gvk(s, t.group(), t.version(), cr.listKind());
    return s;
  }

  private static ObjectNode ref(String ref, String description) {
    return Json.MAPPER.createObjectNode().put("$ref", ref).put("description", description);
  }

  private static void gvk(ObjectNode s, String group, String version, String kind) {
    ArrayNode a = s.putArray("x-kubernetes-group-version-kind");
    a.addObject().put("group", group).put("kind", kind).put("version", version);
  }

  /** Swagger 2.0 has no nullable (ToStructuralOpenAPIV2 drops it). */
  private static ObjectNode withoutNullable(ObjectNode s) {
    s.remove("nullable");
    s.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (e.getKey().equals("properties") && v.isObject()) {
        v.fields().forEachRemaining(p -> {
          if (p.getValue() instanceof ObjectNode o) {
            withoutNullable(o);
          }
        });
      } else if ((e.getKey().equals("items") || e.getKey().equals("additionalProperties")) && v instanceof ObjectNode o) {
        withoutNullable(o);
      }
    });
    return s;
  }
}
