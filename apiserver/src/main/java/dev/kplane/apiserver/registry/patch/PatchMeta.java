package dev.kplane.apiserver.registry.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The patch metadata of API types: for a field of a struct type, its patch strategy and merge key (the Go struct
 * tags {@code patchStrategy} / {@code patchMergeKey}), its list type and map keys (the {@code +listType} /
 * {@code +listMapKey} markers) and the struct type of its value or of its list elements. These are what OpenAPI
 * publishes as {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key},
 * {@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys}.
 *
 * <p>Types are named like OpenAPI definitions ("io.k8s.api.core.v1.PodSpec"). A table may list only the fields
 * that carry metadata or lead to a struct that does: any other field has no metadata, which for a strategic merge
 * patch means maps merge and lists are replaced.
 */
public final class PatchMeta {
  /** The built-in types of kube-apiserver v1.32 (k8s.io/api), see {@link BuiltinPatchMeta}. */
  public static final PatchMeta BUILTIN = BuiltinPatchMeta.table();

  /**
   * The metadata of one field.
   *
   * @param name JSON name of the field
   * @param type the struct type of the value (or of the list elements); for a list of scalars the Go kind of its
   *     elements ("string"); null when the table does not describe it
   * @param patchStrategy the struct tag as written, e.g. "merge", "retainKeys", "merge,retainKeys", "replace", or ""
   * @param mergeKey the merge key of a list of objects with merge strategy, or ""
   * @param listType "atomic", "set", "map", or "" when unmarked
   * @param listMapKeys the keys of a list of type "map"
   */
  public record Field(String name, String type, String patchStrategy, String mergeKey, String listType,
                      List<String> listMapKeys) {
    static Field none(String name) {
      return new Field(name, null, "", "", "", List.of());
    }

    /** The strategies of the tag, e.g. ["merge", "retainKeys"]; [""] for an untagged field, as Go splits it. */
    public List<String> patchStrategies() {
      return Arrays.asList(patchStrategy.split(",", -1));
    }
  }

  /** A struct type (or an undescribed one) at some position of an object, whose fields can be looked up. */
  public record Node(PatchMeta meta, String type) {
    /** The metadata of a field; a field the table does not list has none. */
    public Field field(String name) {
      Map<String, Field> fields = type == null ? null : meta.structs.get(type);
      Field f = fields == null ? null : fields.get(name);
      return f == null ? Field.none(name) : f;
    }

    /** The node of a field's value, or of its elements when it is a list. */
    public Node child(String name) {
      return new Node(meta, field(name).type());
    }

    /** The Go kind of this type as strategicpatch names it in errors: "struct", or the scalar kind. */
    String kindName() {
      return type == null || meta.structs.containsKey(type) ? "struct" : type;
    }
  }

  private final Map<String, Map<String, Field>> structs;
  private final Map<String, String> kinds;

  private PatchMeta(Map<String, Map<String, Field>> structs, Map<String, String> kinds) {
    this.structs = structs;
    this.kinds = kinds;
  }

  /** The root node of a built-in kind, or null when the kind is not built in (a custom resource). */
  public static Node forKind(String group, String kind) {
    return BUILTIN.root(group, kind);
  }

  /** The root node of a kind of this table, or null when the table does not know the kind. */
  public Node root(String group, String kind) {
    String type = kinds.get(group + "/" + kind);
    return type == null ? null : new Node(this, type);
  }

  /**
   * The OpenAPI extensions kube-apiserver publishes on a property: x-kubernetes-patch-strategy,
   * x-kubernetes-patch-merge-key, x-kubernetes-list-type and x-kubernetes-list-map-keys (clients such as kubectl
   * apply compute their strategic merge patches from them). Empty when the field has none.
   */
  public Map<String, JsonNode> extensions(String definition, String property) {
    Map<String, Field> fields = structs.get(definition);
    Field f = fields == null ? null : fields.get(property);
    if (f == null) {
      return Map.of();
    }
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    if (!f.listType().isEmpty() && f.listType().equals("map")) {
      ArrayNode keys = JsonNodeFactory.instance.arrayNode();
      f.listMapKeys().forEach(keys::add);
      out.put("x-kubernetes-list-map-keys", keys);
    }
    if (!f.listType().isEmpty()) {
      out.put("x-kubernetes-list-type", JsonNodeFactory.instance.textNode(f.listType()));
    }
    if (!f.mergeKey().isEmpty()) {
      out.put("x-kubernetes-patch-merge-key", JsonNodeFactory.instance.textNode(f.mergeKey()));
    }
    if (!f.patchStrategy().isEmpty()) {
      out.put("x-kubernetes-patch-strategy", JsonNodeFactory.instance.textNode(f.patchStrategy()));
    }
    return out;
  }

  /** A field holding a struct without metadata of its own, listed because the struct has fields with some. */
  public static Field object(String name, String type) {
    return new Field(name, type, "", "", "", List.of());
  }

  /** A field holding a struct with a patch strategy ("retainKeys", "replace"). */
  public static Field object(String name, String type, String patchStrategy) {
    return new Field(name, type, patchStrategy, "", "", List.of());
  }

  /** A list field; elementType is a struct type or the Go kind of scalar elements. */
  public static Field list(String name, String elementType, String patchStrategy, String mergeKey, String listType,
                           String... listMapKeys) {
    return new Field(name, elementType, patchStrategy, mergeKey, listType, List.of(listMapKeys));
  }

  /** Assembles a table: kinds name their root struct, structs list their fields. */
  public static final class Builder {
    private final Map<String, Map<String, Field>> structs = new HashMap<>();
    private final Map<String, String> kinds = new HashMap<>();

    public Builder kind(String group, String kind, String type) {
      kinds.put(group + "/" + kind, type);
      return this;
    }

    public Builder struct(String type, Field... fields) {
      Map<String, Field> byName = new HashMap<>();
      for (Field f : fields) {
        byName.put(f.name(), f);
      }
      structs.put(type, Map.copyOf(byName));
      return this;
    }

    public PatchMeta build() {
      return new PatchMeta(Map.copyOf(structs), Map.copyOf(kinds));
    }
  }
}
