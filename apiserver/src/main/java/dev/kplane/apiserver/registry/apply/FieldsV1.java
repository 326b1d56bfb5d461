package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The FieldsV1 format of managedFields: a trie of serialized path elements, {@code {}} for a member with nothing
 * below it and {@code ".": {}} for a member that also has children, e.g.
 * {@code {"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{}}}}}}.
 */
public final class FieldsV1 {
  private FieldsV1() {}

  public static ObjectNode write(FieldSet set) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    writeInto(out, set, false);
    return out;
  }

  private static void writeInto(ObjectNode out, FieldSet set, boolean self) {
    if (self && (!set.members().isEmpty() || !set.children().isEmpty())) {
      out.putObject(".");
    }
    TreeSet<PathElement> all = new TreeSet<>(set.members());
    all.addAll(set.children().keySet());
    for (PathElement pe : all) {
      ObjectNode child = out.putObject(pe.serialize());
      FieldSet below = set.children().get(pe);
      if (below != null) {
        writeInto(child, below, set.members().contains(pe));
      }
    }
  }

  /** Parses FieldsV1; unknown path element types are skipped, as structured-merge-diff does. */
  public static FieldSet read(JsonNode fields) {
    FieldSet out = new FieldSet();
    if (fields != null && fields.isObject()) {
      readInto(fields, new ArrayList<>(), out);
    }
    return out;
  }

  /** Reads the children of one node; returns whether the node itself is a member. */
  private static boolean readInto(JsonNode node, List<PathElement> prefix, FieldSet out) {
    boolean member = false;
    boolean hasChildren = false;
    for (Map.Entry<String, JsonNode> e : iterable(node)) {
      if (e.getKey().equals(".")) {
        member = true;
        continue;
      }
      PathElement pe = PathElement.deserialize(e.getKey());
      if (pe == null) {
        continue;
      }
      hasChildren = true;
      prefix.add(pe);
      if (readInto(e.getValue(), prefix, out)) {
        out.insert(List.copyOf(prefix));
      }
      prefix.remove(prefix.size() - 1);
    }
    return member || !hasChildren;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
