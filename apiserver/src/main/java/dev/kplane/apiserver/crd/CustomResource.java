package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.fields.FieldSchema;
import dev.kplane.apiserver.registry.fields.SchemaCompiler;
import dev.kplane.apiserver.table.TablePrinter;
import dev.kplane.apiserver.table.TableConvertor;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One served version of a CustomResourceDefinition: the resource type it adds, and how its objects are decoded
 * (pruning, defaulting), validated (its openAPIV3Schema, the scale paths) and shown (apiVersion, printer columns).
 * Objects are stored in the storage version; conversion is the None strategy: only apiVersion changes.
 *
 * @param type the resource type of this version
 * @param crdName the CRD's name, plural.group
 * @param storageVersion the version objects are stored in
 * @param listKind spec.names.listKind
 * @param schema the version's openAPIV3Schema, or null
 * @param preserveUnknownFields spec.preserveUnknownFields: no pruning
 * @param statusSubresource whether /status is served, which makes status writable only there
 * @param scale the version's subresources.scale, or null
 * @param printerColumns the version's additionalPrinterColumns, or null
 * @param terminating the CRD is being deleted: no new objects
 * @param fields the schema's fields as field validation walks them (unknown fields are reported or dropped)
 */
public record CustomResource(ResourceType type, String crdName, String storageVersion, String listKind, JsonNode schema,
                             boolean preserveUnknownFields, boolean statusSubresource, JsonNode scale,
                             JsonNode printerColumns, boolean terminating, FieldSchema fields) {

  /** Equal when defined alike: fields is derived from schema (and compiled anew each time), so it does not count. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CustomResource c && type.equals(c.type) && crdName.equals(c.crdName)
        && storageVersion.equals(c.storageVersion) && listKind.equals(c.listKind) && Objects.equals(schema, c.schema)
        && preserveUnknownFields == c.preserveUnknownFields && statusSubresource == c.statusSubresource
        && Objects.equals(scale, c.scale) && Objects.equals(printerColumns, c.printerColumns)
        && terminating == c.terminating;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, crdName, storageVersion, listKind, schema, preserveUnknownFields, statusSubresource,
        scale, printerColumns, terminating);
  }

  /** The served versions of a CRD, in kube's version priority (what discovery lists first is preferred). */
  public static List<CustomResource> servedVersions(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String storage = "";
    for (JsonNode v : spec.path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        storage = v.path("name").asText();
      }
    }
    List<CustomResource> out = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(false)) {
        continue;
      }
      JsonNode sub = v.path("subresources");
      List<String> subresources = new ArrayList<>();
      if (sub.has("status")) {
        subresources.add("status");
      }
      if (sub.has("scale")) {
        subresources.add("scale");
      }
      String kind = names.path("kind").asText();
      ResourceType type = new ResourceType(spec.path("group").asText(), v.path("name").asText(),
          names.path("plural").asText(), names.path("singular").asText(kind.toLowerCase()), kind,
          !"Cluster".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
          strings(names.path("categories")), List.copyOf(subresources));
      JsonNode schema = v.path("schema").get("openAPIV3Schema");
      boolean preserve = spec.path("preserveUnknownFields").asBoolean(false);
      FieldSchema fields = schema == null || preserve ? FieldSchema.ANY
          : SchemaCompiler.customResource(schema);
      out.add(new CustomResource(type, Meta.name(crd), storage, names.path("listKind").asText(kind + "List"),
          schema, preserve, sub.has("status"), sub.get("scale"), v.get("additionalPrinterColumns"),
          Meta.isBeingDeleted(crd), fields));
    }
    out.sort(Comparator.comparing((CustomResource c) -> c.type().version(), VersionPriority.ORDER));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.asText()));
    return List.copyOf(out);
  }

  /** The Table of this version's objects: its additionalPrinterColumns, or NAME and AGE. */
  public TableConvertor table() {
    return TablePrinter.forPrinterColumns(printerColumns);
  }

  /** A stored object as this version shows it: a copy with this apiVersion and the schema's defaults. */
  public ObjectNode read(ObjectNode stored) {
    ObjectNode copy = stored.deepCopy();
    copy.put("apiVersion", type.apiVersion());
    if (!preserveUnknownFields) {
      Defaulting.apply(copy, schema);
    }
    return copy;
  }

  /**
   * A write of this version (create when old is null): decoding as kube does it (defaults, pruning), validation
   * against the schema and the scale paths (422), the generation rule of custom resources, then conversion to the
   * storage version. Mutates obj.
   */
  public void admit(ObjectNode obj, ObjectNode old) {
    if (old == null && terminating) {
      throw Status.methodNotAllowed("create not allowed while custom resource definition is terminating");
    }
    obj.put("apiVersion", type.apiVersion());
    if (!preserveUnknownFields) {
      Defaulting.apply(obj, schema);
      Pruning.prune(obj, schema);
    }
    List<FieldError> errors = new ArrayList<>(SchemaValidator.validate(schema, obj));
    errors.addAll(ScalePaths.validate(scale, obj));
    if (!errors.isEmpty()) {
      throw Status.invalid(type, Meta.name(obj), errors);
    }
    obj.put("apiVersion", type.group() + "/" + storageVersion);
    if (old != null) {
      long generation = old.path("metadata").path("generation").asLong(1);
      boolean changed = !contentOf(old).equals(contentOf(obj));
      Meta.metadata(obj).put("generation", changed ? generation + 1 : generation);
    }
  }

  /**
   * What a change of bumps metadata.generation (the custom resource strategy): everything but metadata, and but
   * status when the status subresource owns it. apiVersion is left out too: a write through another served version
   * changes nothing under the None conversion.
   */
  private ObjectNode contentOf(ObjectNode obj) {
    ObjectNode copy = Json.MAPPER.createObjectNode();
    obj.fields().forEachRemaining(e -> {
      String k = e.getKey();
      if (!k.equals("metadata") && !k.equals("apiVersion") && !(statusSubresource && k.equals("status"))) {
        copy.set(k, e.getValue());
      }
    });
    return copy;
  }
}
