package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields a value sets (structured-merge-diff's TypedValue.ToFieldSet): every leaf, every atomic value, every list
 * item, every map key (but not a struct field whose value has fields of its own: its leaves stand for it), and every
 * field set to null or to an empty object.
 */
final class FieldSets {
  private FieldSets() {}

  static FieldSet of(JsonNode v, TypeNode t) {
    FieldSet out = new FieldSet();
    walk(v, t, new ArrayList<>(), out);
    return out;
  }

  private static void walk(JsonNode v, TypeNode t, List<PathElement> path, FieldSet out) {
    Shapes.Shape shape = Shapes.of(t, v, v);
    if (shape == Shapes.Shape.LEAF) {
      if (!path.isEmpty()) {
        out.insert(path);
      }
      return;
    }
    if (v == null || v.isNull()) {
      return;
    }
    if (shape == Shapes.Shape.MAP) {
      for (Map.Entry<String, JsonNode> e : iterable(v)) {
        PathElement pe = PathElement.field(e.getKey());
        List<PathElement> child = Shapes.append(path, pe);
        JsonNode val = e.getValue();
        walk(val, t.child(pe), child, out);
        boolean declared = t instanceof TypeNode.Struct s && s.hasField(e.getKey());
        if (val.isNull() || (val.isObject() && val.isEmpty()) || !declared) {
          out.insert(child);
        }
      }
      return;
    }
    TypeNode.ListOf list = (TypeNode.ListOf) t;
    List<PathElement> pes = Shapes.itemElements(list, v, path);
    Set<PathElement> seen = new HashSet<>();
    Set<PathElement> duplicates = new HashSet<>();
    for (PathElement pe : pes) {
      if (!seen.add(pe) && duplicates.add(pe)) {
        out.insert(Shapes.append(path, pe));
      }
    }
    for (int i = 0; i < pes.size(); i++) {
      PathElement pe = pes.get(i);
      if (!duplicates.contains(pe)) {
        List<PathElement> item = Shapes.append(path, pe);
        walk(v.get(i), list.element(), item, out);
        out.insert(item);
      }
    }
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
