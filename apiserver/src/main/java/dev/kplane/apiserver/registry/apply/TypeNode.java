package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The schema of a value as server-side apply reads it (structured-merge-diff's schema.Atom): what is a leaf, what
 * merges field by field or item by item, and how list items are identified.
 */
public sealed interface TypeNode {
  /** A scalar: strings, numbers, booleans, and the types that serialize as one (Time, Quantity, IntOrString). */
  record Scalar() implements TypeNode {}

  /**
   * A value whose shape decides (structured-merge-diff's "deduced" type): an object merges key by key with deduced
   * values, anything else is a leaf. Custom resources without a schema, and fields a schema does not declare, are
   * read so.
   */
  record Deduced() implements TypeNode {}

  /**
   * An object with declared fields.
   *
   * @param name the definition name, e.g. io.k8s.api.core.v1.PodSpec
   * @param atomic {@code x-kubernetes-map-type: atomic}: replaced whole, owned as one field
   * @param fields the fields' types by name, resolved lazily so that recursive definitions terminate
   */
  record Struct(String name, boolean atomic, Function<String, TypeNode> fields) implements TypeNode {
    public TypeNode field(String f) {
      TypeNode t = fields.apply(f);
      return t == null ? DEDUCED : t;
    }

    public boolean hasField(String f) {
      return fields.apply(f) != null;
    }
  }

  /** An object with arbitrary keys (labels, data, resources.limits ...). */
  record MapOf(TypeNode element, boolean atomic) implements TypeNode {}

  /**
   * A list.
   *
   * @param listType "atomic" (replaced whole), "set" (scalars merged as a set) or "map" (objects merged by keys)
   * @param keys the map keys of a list of type map
   * @param keyDefaults the value a key takes in an item that omits it (a port's protocol is TCP)
   */
  record ListOf(TypeNode element, String listType, List<String> keys, Map<String, JsonNode> keyDefaults)
      implements TypeNode {
    public boolean atomic() {
      return !listType.equals("set") && !listType.equals("map");
    }
  }

  TypeNode SCALAR = new Scalar();
  TypeNode DEDUCED = new Deduced();

  /** The type below one path element: a field's, or a list's elements'. */
  default TypeNode child(PathElement pe) {
    if (pe.field() != null) {
      if (this instanceof Struct s) {
        return s.field(pe.field());
      }
      if (this instanceof MapOf m) {
        return m.element();
      }
      return DEDUCED;
    }
    return this instanceof ListOf l ? l.element() : DEDUCED;
  }
}
