package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.openapi.OpenApi;
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
  private static final String DEFINITIONS = "#/definitions/";
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

  /** ObjectMeta's fields, which every object's metadata is decoded with. */
  static FieldSchema objectMeta() {
    return ((FieldSchema.Struct) forKind("", "v1", "ConfigMap")).field("metadata");
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
    Map<String, ObjectNode> definitions = OpenApi.builtinDefinitions();
    // one compiler for all kinds: definitions are named globally, so shared types are compiled once
    SchemaCompiler compiler = new SchemaCompiler(ref -> ref.startsWith(DEFINITIONS)
        ? definitions.get(ref.substring(DEFINITIONS.length())) : null, true);
    Map<String, FieldSchema> kinds = new HashMap<>();
    for (Map.Entry<String, ObjectNode> e : definitions.entrySet()) {
      for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
        String key = key(gvk.path("group").asText(), gvk.path("version").asText(), gvk.path("kind").asText());
        if (BuiltinResources.ALL_TYPES.stream().anyMatch(t -> key(t.group(), t.version(), t.kind()).equals(key))) {
          kinds.put(key, compiler.compile(JsonNodeFactory.instance.objectNode().put("$ref", DEFINITIONS + e.getKey())));
        }
      }
    }
    return Map.copyOf(kinds);
  }
}
