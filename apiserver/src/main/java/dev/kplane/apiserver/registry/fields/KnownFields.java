package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.openapi.OpenApi;
import dev.kplane.apiserver.openapi.PatchExtensions;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fields the built-in kinds have, compiled once from the OpenAPI definitions kplane publishes (the same ones
 * kubectl explain reads), so that what the server accepts and what it documents cannot drift apart.
 *
 * <p>Custom resources are not here: kube-apiserver prunes them by their CRD's structural schema. The hook for that
 * is {@link SchemaCompiler}: compile the version's {@code openAPIV3Schema} and pass the result to
 * {@link FieldValidation} instead of looking it up here.
 */
public final class KnownFields {
  private static final String SCHEMAS = "#/components/schemas/";
  private static final AtomicBoolean PRELOADING = new AtomicBoolean();

  private KnownFields() {}

  /**
   * Starts compiling in the background (generating the definitions takes a second or more), so that the first write
   * finds the schemas ready, or waits less for them.
   */
  public static void preload() {
    if (PRELOADING.compareAndSet(false, true)) {
      Thread t = new Thread(() -> forKind("", "v1", "Pod"), "known-fields-preload");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The schema of a built-in kind's objects, or null when the kind is not built in. */
  public static FieldSchema forKind(String group, String version, String kind) {
    return Compiled.KINDS.get(key(group, version, kind));
  }

  public static FieldSchema forType(ResourceType type) {
    return forKind(type.group(), type.version(), type.kind());
  }

  private static String key(String group, String version, String kind) {
    return group + "/" + version + "/" + kind;
  }

  /** Compiled on first use, by the class loader's lock; the OpenAPI documents are dropped afterwards. */
  private static final class Compiled {
    static final Map<String, FieldSchema> KINDS = compileBuiltins();
  }

  private static Map<String, FieldSchema> compileBuiltins() {
    OpenApi openApi = new OpenApi(ResourceRegistry.builtin(), PatchExtensions.NONE);
    Map<String, FieldSchema> kinds = new HashMap<>();
    Map<String, ObjectNode> documents = new HashMap<>();
    // one compiler for all documents: definitions are named globally, so shared types are compiled once
    Map<String, JsonNode> definitions = new HashMap<>();
    SchemaCompiler compiler = new SchemaCompiler(ref -> ref.startsWith(SCHEMAS)
        ? definitions.get(ref.substring(SCHEMAS.length())) : null);
    for (ResourceType t : BuiltinResources.ALL_TYPES) {
      String path = t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
      ObjectNode doc = documents.computeIfAbsent(path, openApi::v3);
      if (doc == null) {
        continue;
      }
      doc.path("components").path("schemas").properties().forEach(e -> definitions.putIfAbsent(e.getKey(), e.getValue()));
      String name = definitionOf(doc, t);
      if (name != null) {
        ObjectNode ref = JsonNodeFactory.instance.objectNode().put("$ref", SCHEMAS + name);
        kinds.put(key(t.group(), t.version(), t.kind()), compiler.compile(ref));
      }
    }
    return Map.copyOf(kinds);
  }

  /** The schema name whose x-kubernetes-group-version-kind names the type's kind. */
  private static String definitionOf(ObjectNode doc, ResourceType t) {
    for (Map.Entry<String, JsonNode> e : doc.path("components").path("schemas").properties()) {
      for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
        if (gvk.path("group").asText().equals(t.group()) && gvk.path("version").asText().equals(t.version())
            && gvk.path("kind").asText().equals(t.kind())) {
          return e.getKey();
        }
      }
    }
    return null;
  }
}
