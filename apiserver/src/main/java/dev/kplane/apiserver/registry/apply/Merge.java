package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed merge of an applied configuration into a live object (structured-merge-diff's TypedValue.Merge): leaves
 * and atomic values of the right side win, maps merge key by key, associative lists item by item in an order that
 * keeps the right side's relative order and the left side's items around it.
 */
final class Merge {
  private Merge() {}

  /** lhs merged with rhs; null when the result is absent. Neither input is changed. */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, TypeNode t) {
    return merge(lhs, rhs, t, new ArrayList<>());
  }

  private static JsonNode merge(JsonNode lhs, JsonNode rhs, TypeNode t, List<PathElement> path) {
    Shapes.Shape shape = Shapes.of(t, lhs, rhs);
    boolean bothEmpty = Shapes.empty(lhs) && Shapes.empty(rhs);
    if (shape == Shapes.Shape.LEAF || bothEmpty) {
      JsonNode keep = rhs != null ? rhs : lhs;
      return keep == null ? null : keep.deepCopy();
    }
    return shape == Shapes.Shape.MAP ? mergeMap(lhs, rhs, t, path) : mergeList(lhs, rhs, (TypeNode.ListOf) t, path);
  }

  private static JsonNode mergeMap(JsonNode lhs, JsonNode rhs, TypeNode t, List<PathElement> path) {
    Set<String> keys = new LinkedHashSet<>();
    if (lhs != null) {
      lhs.fieldNames().forEachRemaining(keys::add);
    }
    if (rhs != null) {
      rhs.fieldNames().forEachRemaining(keys::add);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (String k : keys) {
      PathElement pe = PathElement.field(k);
      JsonNode child = merge(lhs == null ? null : lhs.get(k), rhs == null ? null : rhs.get(k), t.child(pe),
          Shapes.append(path, pe));
      if (child != null) {
        out.set(k, child);
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static JsonNode mergeList(JsonNode lhs, JsonNode rhs, TypeNode.ListOf t, List<PathElement> path) {
    List<PathElement> rhsPEs = Shapes.itemElements(t, rhs, path);
    Map<PathElement, JsonNode> observedRHS = new HashMap<>();
    for (int i = 0; i < rhsPEs.size(); i++) {
      if (observedRHS.put(rhsPEs.get(i), rhs.get(i)) != null) {
        throw new Shapes.SchemaError(PathElement.pathString(path) + ": duplicate entries for key "
            + rhsPEs.get(i));
      }
    }
    List<PathElement> lhsPEs = Shapes.itemElements(t, lhs, path);
    Map<PathElement, JsonNode> observedLHS = new HashMap<>();
    for (int i = 0; i < lhsPEs.size(); i++) {
      // an item that appears twice on the left is not merged with the right: it merges as null
      observedLHS.merge(lhsPEs.get(i), lhs.get(i), (a, b) -> Json.MAPPER.nullNode());
    }
    Iterator<PathElement> shared = rhsPEs.stream().filter(observedLHS::containsKey).toList().iterator();
    PathElement nextShared = shared.hasNext() ? shared.next() : null;
    Set<PathElement> mergedRHS = new HashSet<>();
    ArrayNode out = Json.MAPPER.createArrayNode();
    int lLen = lhsPEs.size();
    int rLen = rhsPEs.size();
    for (int lI = 0, rI = 0; lI < lLen || rI < rLen; ) {
      if (lI < lLen && rI < rLen) {
        PathElement pe = lhsPEs.get(lI);
        if (pe.equals(rhsPEs.get(rI))) {
          mergedRHS.add(pe);
          add(out, mergeItem(observedLHS.get(pe), observedRHS.get(pe), pe, t, path));
          lI++;
          rI++;
          nextShared = shared.hasNext() ? shared.next() : null;
          continue;
        }
        if (observedRHS.containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
          // a shared item, but not the one this round places
          lI++;
          continue;
        }
      }
      if (lI < lLen) {
        PathElement pe = lhsPEs.get(lI);
        if (!observedRHS.containsKey(pe)) {
          add(out, mergeItem(lhs.get(lI), null, pe, t, path));
          lI++;
          continue;
        } else if (mergedRHS.contains(pe)) {
          lI++;
        }
      }
      if (rI < rLen) {
        PathElement pe = rhsPEs.get(rI);
        mergedRHS.add(pe);
        add(out, mergeItem(observedLHS.get(pe), observedRHS.get(pe), pe, t, path));
        rI++;
        if (nextShared != null && nextShared.equals(pe)) {
          nextShared = shared.hasNext() ? shared.next() : null;
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static JsonNode mergeItem(JsonNode l, JsonNode r, PathElement pe, TypeNode.ListOf t,
                                    List<PathElement> path) {
    return merge(l, r, t.element(), Shapes.append(path, pe));
  }

  private static void add(ArrayNode out, JsonNode item) {
    if (item != null) {
      out.add(item);
    }
  }
}
