package dev.kplane.apiserver.registry.fields;

import java.util.Map;

/**
 * What a strict decode needs to know about a value, in the shape of the Go type kube-apiserver decodes it into: a
 * struct (a fixed set of fields; any other key is an unknown field), a map (any key), a list, an opaque value (a
 * scalar, or a type with its own JSON decoding such as Quantity, IntOrString, Time or RawExtension, whose inside the
 * decoder never looks at), or an untyped value ({@code interface{}}: any key, but duplicate keys are still seen).
 * Compiled once per definition by {@link SchemaCompiler}; immutable once built.
 */
public sealed interface FieldSchema {
  /** A scalar or a self-decoding type: nothing inside is checked. */
  FieldSchema OPAQUE = new Opaque();

  /** {@code interface{}} (or a preserve-unknown-fields subtree): no unknown fields, but duplicates are reported. */
  FieldSchema ANY = new Any();

  /** A Go struct. The field map is filled by the compiler right after construction (definitions can be recursive). */
  final class Struct implements FieldSchema {
    private Map<String, FieldSchema> fields = Map.of();
    private final String goName;
    private final String goType;

    Struct() {
      this(null, null);
    }

    /**
     * @param goName the Go struct's name ("DeploymentSpec"), which decoding errors name; null when unknown
     * @param goType the qualified type as Go prints it ("v1.DeploymentSpec"); null when unknown
     */
    Struct(String goName, String goType) {
      this.goName = goName;
      this.goType = goType;
    }

    String goName() {
      return goName;
    }

    String goType() {
      return goType;
    }

    void define(Map<String, FieldSchema> fields) {
      this.fields = Map.copyOf(fields);
    }

    /** The schema of a field, or null when the struct has no field of that JSON name (names are case-sensitive). */
    public FieldSchema field(String name) {
      return fields.get(name);
    }

    public Map<String, FieldSchema> fields() {
      return fields;
    }

    @Override
    public String toString() {
      return "Struct" + fields.keySet();
    }
  }

  /**
   * A Go scalar (string, int32, int64, float64, bool): decoding a JSON value of another type into it is the
   * decoder's type error, whatever the field validation directive.
   */
  record Scalar(String goType) implements FieldSchema {}

  /** A Go map with string keys: every key is known, every value has the same schema. */
  record MapOf(FieldSchema values) implements FieldSchema {}

  /** A Go slice. */
  record ListOf(FieldSchema items) implements FieldSchema {}

  /** See {@link #OPAQUE}. */
  final class Opaque implements FieldSchema {
    private Opaque() {}

    @Override
    public String toString() {
      return "Opaque";
    }
  }

  /** See {@link #ANY}. */
  final class Any implements FieldSchema {
    private Any() {}

    @Override
    public String toString() {
      return "Any";
    }
  }
}
