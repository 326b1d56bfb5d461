package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles OpenAPI schemas into {@link FieldSchema}s: objects with {@code properties} are structs,
 * {@code additionalProperties} maps, arrays lists, {@code x-kubernetes-preserve-unknown-fields} untyped, and anything
 * else (scalars, IntOrString, Quantity, Time, RawExtension, FieldsV1, JSON) opaque. References ({@code $ref}, also
 * wrapped in {@code allOf} as OpenAPI v3 writes a reference with a description) are compiled once each, so recursive
 * definitions (JSONSchemaProps) become cyclic structures. A compiler is for one thread; publish what it returns
 * safely (a final or volatile field, a concurrent map) before other threads walk it.
 */
public final class SchemaCompiler {
  private final Function<String, JsonNode> definitions;
  private final boolean goTypes;
  private final Map<String, FieldSchema> compiled = new HashMap<>();

  /** @param definitions the definition a {@code $ref} value names ("#/components/schemas/..."), or null */
  public SchemaCompiler(Function<String, JsonNode> definitions) {
    this(definitions, false);
  }

  /**
   * @param goTypes the schemas describe Go types (the built-in kinds): scalars and structs carry their Go types, so
   *     decoding errors can be reported as kube-apiserver's JSON decoder reports them
   */
  SchemaCompiler(Function<String, JsonNode> definitions, boolean goTypes) {
    this.definitions = definitions;
    this.goTypes = goTypes;
  }

  public FieldSchema compile(JsonNode schema) {
    String ref = reference(schema);
    if (ref != null) {
      return compileReference(ref);
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return FieldSchema.ANY;
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      FieldSchema.Struct struct = new FieldSchema.Struct();
      defineFields(struct, properties);
      return struct;
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      return new FieldSchema.MapOf(compile(additional));
    }
    JsonNode items = schema.get("items");
    if ("array".equals(schema.path("type").asText()) && items != null && items.isObject()) {
      return new FieldSchema.ListOf(compile(items));
    }
    return goTypes ? scalar(schema) : FieldSchema.OPAQUE;
  }

  /** The Go type of a scalar schema; formats with their own decoding (time, bytes, int-or-string) stay opaque. */
  private static FieldSchema scalar(JsonNode schema) {
    String format = schema.path("format").asText("");
    return switch (schema.path("type").asText("")) {
      case "string" -> format.isEmpty() ? new FieldSchema.Scalar("string") : FieldSchema.OPAQUE;
      case "integer" -> new FieldSchema.Scalar(format.equals("int32") ? "int32" : "int64");
      case "number" -> new FieldSchema.Scalar("float64");
      case "boolean" -> new FieldSchema.Scalar("bool");
      default -> FieldSchema.OPAQUE;
    };
  }

  /**
   * A custom resource's structural schema as kube decodes its objects: the root also has apiVersion, kind and a
   * metadata that is an ObjectMeta, whether or not the schema declares them.
   */
  public static FieldSchema customResource(JsonNode schema) {
    FieldSchema root = new SchemaCompiler(ref -> null).compile(schema);
    if (!(root instanceof FieldSchema.Struct struct)) {
      return root;
    }
    Map<String, FieldSchema> fields = new LinkedHashMap<>(struct.fields());
    fields.put("apiVersion", FieldSchema.OPAQUE);
    fields.put("kind", FieldSchema.OPAQUE);
    fields.put("metadata", KnownFields.objectMeta());
    FieldSchema.Struct withMeta = new FieldSchema.Struct();
    withMeta.define(fields);
    return withMeta;
  }

  private FieldSchema compileReference(String ref) {
    FieldSchema done = compiled.get(ref);
    if (done != null) {
      return done;
    }
    JsonNode definition = definitions.apply(ref);
    if (definition == null) {
      throw new IllegalArgumentException("reference to an unknown definition: " + ref);
    }
    JsonNode properties = definition.get("properties");
    if (properties != null && properties.isObject() && !definition.has("x-kubernetes-preserve-unknown-fields")) {
      // registered before its fields are compiled, so a field that refers back to it finds it
      String[] parts = ref.split("\\.");
      FieldSchema.Struct struct = goTypes && parts.length >= 2
          ? new FieldSchema.Struct(parts[parts.length - 1], parts[parts.length - 2] + "." + parts[parts.length - 1])
          : new FieldSchema.Struct();
      compiled.put(ref, struct);
      defineFields(struct, properties);
      return struct;
    }
    // a named type that is no struct (Quantity, IntOrString, Time, RawExtension ...) decodes itself: opaque
    FieldSchema schema = goTypes && !definition.has("properties") && !definition.has("items")
        && !definition.has("additionalProperties") ? FieldSchema.OPAQUE : compile(definition);
    compiled.put(ref, schema);
    return schema;
  }

  private void defineFields(FieldSchema.Struct struct, JsonNode properties) {
    Map<String, FieldSchema> fields = new LinkedHashMap<>();
    properties.properties().forEach(p -> fields.put(p.getKey(), compile(p.getValue())));
    struct.define(fields);
  }

  /** The target of "$ref", or of the single reference in "allOf" that OpenAPI v3 uses when siblings are present. */
  private static String reference(JsonNode schema) {
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      return ref.asText();
    }
    JsonNode allOf = schema.get("allOf");
    if (allOf != null && allOf.isArray() && allOf.size() == 1 && allOf.get(0).path("$ref").isTextual()) {
      return allOf.get(0).get("$ref").asText();
    }
    return null;
  }
}
