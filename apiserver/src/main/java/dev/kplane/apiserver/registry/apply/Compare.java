package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field-level difference between two versions of an object (structured-merge-diff's TypedValue.Compare): which
 * leaves were added, modified or removed, and which maps, lists and items appeared or disappeared as a whole.
 */
final class Compare {
  /** The three disjoint sets of a comparison; all empty when the objects are equal. */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    /** The comparison without the given fields and anything below them. */
    Comparison excluding(FieldSet ignored) {
      return new Comparison(added.recursiveDifference(ignored), modified.recursiveDifference(ignored),
          removed.recursiveDifference(ignored));
    }
  }

  private Compare() {}

  static Comparison compare(JsonNode lhs, JsonNode rhs, TypeNode t) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    compare(lhs, rhs, t, new ArrayList<>(), c);
    return c;
  }

  private static void compare(JsonNode lhs, JsonNode rhs, TypeNode t, List<PathElement> path, Comparison c) {
    Shapes.Shape shape = Shapes.of(t, lhs, rhs);
    if (shape == Shapes.Shape.LEAF || (Shapes.empty(lhs) && Shapes.empty(rhs))) {
      if (path.isEmpty()) {
        return;
      }
      if (lhs == null) {
        c.added().insert(path);
      } else if (rhs == null) {
        c.removed().insert(path);
      } else if (!Values.equal(lhs, rhs)) {
        c.modified().insert(path);
      }
      return;
    }
    if (shape == Shapes.Shape.MAP) {
      Set<String> keys = new LinkedHashSet<>();
      if (lhs != null) {
        lhs.fieldNames().forEachRemaining(keys::add);
      }
      if (rhs != null) {
        rhs.fieldNames().forEachRemaining(keys::add);
      }
      for (String k : keys) {
        PathElement pe = PathElement.field(k);
        compare(lhs == null ? null : lhs.get(k), rhs == null ? null : rhs.get(k), t.child(pe),
            Shapes.append(path, pe), c);
      }
    } else {
      compareList(lhs, rhs, (TypeNode.ListOf) t, path, c);
    }
    if (!path.isEmpty()) {
      if (lhs == null) {
        c.added().insert(path);
      } else if (rhs == null) {
        c.removed().insert(path);
      }
    }
  }

  private static void compareList(JsonNode lhs, JsonNode rhs, TypeNode.ListOf t, List<PathElement> path,
                                  Comparison c) {
    Map<PathElement, List<JsonNode>> lValues = byElement(t, lhs, path);
    Map<PathElement, List<JsonNode>> rValues = byElement(t, rhs, path);
    Set<PathElement> all = new LinkedHashSet<>(lValues.keySet());
    all.addAll(rValues.keySet());
    for (PathElement pe : all) {
      List<JsonNode> l = lValues.getOrDefault(pe, List.of());
      List<JsonNode> r = rValues.getOrDefault(pe, List.of());
      List<PathElement> itemPath = Shapes.append(path, pe);
      if (l.size() <= 1 && r.size() <= 1) {
        compare(l.isEmpty() ? null : l.get(0), r.isEmpty() ? null : r.get(0), t.element(), itemPath, c);
      } else if (l.size() >= 2 && r.size() >= 2) {
        // duplicates on both sides compare as one atomic value
        if (!sameItems(l, r)) {
          c.modified().insert(itemPath);
        }
      } else if (l.size() >= 2) {
        if (!r.isEmpty()) {
          compare(null, r.get(0), t.element(), itemPath, c);
        }
        c.removed().insert(itemPath);
      } else {
        if (!l.isEmpty()) {
          compare(l.get(0), null, t.element(), itemPath, c);
        }
        c.added().insert(itemPath);
      }
    }
  }

  private static Map<PathElement, List<JsonNode>> byElement(TypeNode.ListOf t, JsonNode items,
                                                            List<PathElement> path) {
    Map<PathElement, List<JsonNode>> out = new LinkedHashMap<>();
    List<PathElement> pes = Shapes.itemElements(t, items, path);
    for (int i = 0; i < pes.size(); i++) {
      out.computeIfAbsent(pes.get(i), k -> new ArrayList<>()).add(items.get(i));
    }
    return out;
  }

  private static boolean sameItems(List<JsonNode> l, List<JsonNode> r) {
    if (l.size() != r.size()) {
      return false;
    }
    for (int i = 0; i < l.size(); i++) {
      if (!Values.equal(l.get(i), r.get(i))) {
        return false;
      }
    }
    return true;
  }
}
