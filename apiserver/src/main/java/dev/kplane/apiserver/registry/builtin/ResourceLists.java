package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;

/**
 * Quantities as the decoder and SetDefaults_ResourceList leave them: parsed (a malformed one fails the whole
 * request), rounded up to milli-units in resource lists, and written back in canonical form.
 */
final class ResourceLists {
  private static final int MILLI_SCALE = -3;

  private ResourceLists() {}

  /** SetDefaults_ResourceList on parent[field], when it is a map. */
  static void roundUp(ObjectNode parent, String field) {
    ObjectNode list = Nodes.child(parent, field);
    if (list == null) {
      return;
    }
    for (String key : new ArrayList<>(iterable(list))) {
      list.put(key, parse(list.get(key)).roundUp(MILLI_SCALE).toString());
    }
  }

  /** A single Quantity field (emptyDir.sizeLimit): canonical form, no rounding. */
  static void canonicalize(ObjectNode parent, String field) {
    if (parent != null && !Nodes.isUnset(parent, field)) {
      parent.put(field, parse(parent.get(field)).toString());
    }
  }

  /** Quantity.UnmarshalJSON: a JSON string or a bare number. */
  static Quantity parse(JsonNode n) {
    if (!n.isTextual() && !n.isNumber()) {
      throw new IllegalArgumentException(Quantity.FORMAT_ERROR);
    }
    return Quantity.parse(n.asText().strip());
  }

  private static java.util.List<String> iterable(ObjectNode o) {
    java.util.List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
