package dev.kplane.apiserver.registry.patch;

import static dev.kplane.apiserver.registry.patch.StrategicMergePatch.DELETE;
import static dev.kplane.apiserver.registry.patch.StrategicMergePatch.DIRECTIVE;
import static dev.kplane.apiserver.registry.patch.StrategicMergePatch.MERGE;
import static dev.kplane.apiserver.registry.patch.StrategicMergePatch.REPLACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists in a strategic merge patch (strategicpatch mergeSlice and its ordering helpers). A list with merge
 * strategy merges: objects on their merge key, scalars as a set; the patch's elements come first in the patch's
 * order, the live-only elements keep their place relative to them.
 */
final class MergeLists {
  private static final String MAP = "map[string]interface {}";

  private MergeLists() {}

  /** The elements of the merged list that the patch (or the order directive) names, and the live-only others. */
  record Partition(List<JsonNode> patchItems, List<JsonNode> serverOnly) {}

  /**
   * The value of a list field after the patch; a list without merge strategy is simply replaced. The live list is
   * changed in place as strategicpatch changes it (see {@link GoSlice}).
   */
  static List<JsonNode> merge(GoSlice live, List<JsonNode> patch, PatchMeta.Node elements, String strategy,
                              String mergeKey, boolean deletionList) {
    // A $deleteFromPrimitiveList list deletes whatever the field's strategy.
    if (!strategy.equals(MERGE) && !deletionList) {
      return patch;
    }
    GoSlice original = live.header();
    if (original.size() == 0 && patch.isEmpty()) {
      return original.list();
    }
    if (!elementsAreMaps(original.list(), patch)) {
      if (deletionList) {
        return original.list().stream().filter(v -> GoValues.indexOf(patch, v) < 0).toList();
      }
      GoSlice both = original.header();
      both.append(patch);
      deduplicate(both);
      return order(partition(both.list(), patch, mergeKey), patch, original.list(), mergeKey, false);
    }
    if (mergeKey.isEmpty()) {
      throw StrategicMergePatchError.unknown("cannot merge lists without merge key for " + elements.kindName());
    }
    boolean replace = false;
    List<JsonNode> plainPatch = new ArrayList<>();
    for (JsonNode v : patch) {
      JsonNode directive = v.get(DIRECTIVE);
      if (directive == null) {
        plainPatch.add(v);
      } else if (directive.isTextual() && directive.textValue().equals(DELETE)) {
        deleteMatching(original, mergeKey, mergeValue(v, mergeKey));
      } else if (directive.isTextual() && directive.textValue().equals(REPLACE)) {
        // The other elements are still read, so that their directives are dropped too.
        replace = true;
      } else if (directive.isTextual() && directive.textValue().equals(MERGE)) {
        throw StrategicMergePatchError.unknown("merging lists cannot yet be specified in the patch");
      } else {
        throw StrategicMergePatchError.badPatchType(directive, v);
      }
    }
    List<JsonNode> remaining = plainPatch;
    if (replace) {
      original = GoSlice.decoded(plainPatch);
      remaining = List.of();
    }
    List<JsonNode> merged = mergeByKey(original.header(), remaining, mergeKey, elements);
    return order(partition(merged, remaining, mergeKey), remaining, original.list(), mergeKey, true);
  }

  /** Each patch element merges into the element with its merge key value, or is appended. */
  private static List<JsonNode> mergeByKey(GoSlice original, List<JsonNode> patch, String mergeKey,
                                           PatchMeta.Node elements) {
    for (JsonNode v : patch) {
      int i = indexOfKey(original.list(), mergeKey, mergeValue(v, mergeKey));
      if (i >= 0) {
        original.set(i, StrategicMergePatch.mergeMap((ObjectNode) original.get(i), (ObjectNode) v, elements));
      } else {
        original.append(List.of(v));
      }
    }
    return original.list();
  }

  private static JsonNode mergeValue(JsonNode element, String mergeKey) {
    JsonNode value = element.get(mergeKey);
    if (value == null) {
      throw StrategicMergePatchError.noMergeKey(element, mergeKey);
    }
    return value;
  }

  private static void deleteMatching(GoSlice list, String mergeKey, JsonNode value) {
    for (int i = indexOfKey(list.list(), mergeKey, value); i >= 0; i = indexOfKey(list.list(), mergeKey, value)) {
      list.removeAt(i);
    }
  }

  /** The index of the first map whose merge key has this value, or -1. */
  private static int indexOfKey(List<JsonNode> list, String mergeKey, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isObject()) {
        throw StrategicMergePatchError.unknown("value for key " + i + " is not a map");
      }
      JsonNode v = list.get(i).get(mergeKey);
      if (v != null && GoValues.equal(v, value)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the elements of the lists are maps rather than scalars; all must be of one Go type, and lists of lists
   * are refused.
   */
  static boolean elementsAreMaps(List<JsonNode> first, List<JsonNode> second) {
    String type = null;
    for (List<JsonNode> list : List.of(first, second)) {
      for (JsonNode v : list) {
        String t = GoValues.typeName(v);
        if (type == null) {
          type = t;
          if ("[]interface {}".equals(type)) {
            throw StrategicMergePatchError.listOfLists();
          }
        } else if (!type.equals(t)) {
          throw StrategicMergePatchError.unknown("list element types are not identical: ["
              + GoValues.format(first) + " " + GoValues.format(second) + "]");
        }
      }
    }
    if (type == null) {
      throw StrategicMergePatchError.unknown("no elements in any of the given slices");
    }
    return type.equals(MAP);
  }

  static Partition partition(List<JsonNode> merged, List<JsonNode> by, String mergeKey) {
    List<JsonNode> patchItems = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode v : merged) {
      boolean named;
      if (mergeKey.isEmpty()) {
        named = GoValues.indexOf(by, v) >= 0;
      } else {
        if (!v.isObject()) {
          throw StrategicMergePatchError.badArgType(MAP, v);
        }
        named = indexOfKey(by, mergeKey, mergeValue(v, mergeKey)) >= 0;
      }
      (named ? patchItems : serverOnly).add(v);
    }
    return new Partition(patchItems, serverOnly);
  }

  /**
   * The patch items in patch order and the live-only items in live order, interleaved so that each live-only item
   * stays before the patch items that followed it in the live list.
   */
  static List<JsonNode> order(Partition parts, List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                              String mergeKey, boolean maps) {
    List<JsonNode> patch = sortBy(parts.patchItems(), patchOrder, mergeKey, maps);
    List<JsonNode> serverOnly = sortBy(parts.serverOnly(), serverOrder, mergeKey, maps);
    List<JsonNode> all = new ArrayList<>(patch.size() + serverOnly.size());
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < patch.size()) {
      if (j >= patch.size()) {
        all.add(serverOnly.get(i++));
      } else if (i >= serverOnly.size()) {
        all.add(patch.get(j++));
      } else {
        int li = index(serverOrder, serverOnly.get(i), mergeKey, maps);
        int ri = index(serverOrder, patch.get(j), mergeKey, maps);
        all.add(li >= 0 && ri >= 0 && li < ri ? serverOnly.get(i++) : patch.get(j++));
      }
    }
    return all;
  }

  /**
   * A stable sort by position in order; items missing from it sort first, and {@code $patch: delete} items go last.
   * An insertion sort, as Go's sort.SliceStable is for up to 20 items: the comparison is not a strict order when
   * items are missing, so another algorithm could place them elsewhere.
   */
  private static List<JsonNode> sortBy(List<JsonNode> items, List<JsonNode> order, String mergeKey, boolean maps) {
    List<JsonNode> sorted = new ArrayList<>();
    List<JsonNode> deletions = new ArrayList<>();
    if (maps) {
      requireMergeKey(items, mergeKey);
      requireMergeKey(order, mergeKey);
      for (JsonNode v : items) {
        (isDirective(v, DELETE) ? deletions : sorted).add(v);
      }
    } else {
      sorted.addAll(items);
    }
    for (int i = 1; i < sorted.size(); i++) {
      for (int j = i; j > 0 && before(sorted.get(j), sorted.get(j - 1), order, mergeKey, maps); j--) {
        sorted.set(j - 1, sorted.set(j, sorted.get(j - 1)));
      }
    }
    sorted.addAll(deletions);
    return sorted;
  }

  private static boolean before(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, boolean maps) {
    int ia = index(order, a, mergeKey, maps);
    int ib = index(order, b, mergeKey, maps);
    return ia < 0 || ib < 0 || ia < ib;
  }

  /** The position of an item in a list: by merge key value for maps (a missing key counts as nil), else by value. */
  private static int index(List<JsonNode> list, JsonNode item, String mergeKey, boolean maps) {
    JsonNode wanted = maps ? item.get(mergeKey) : item;
    for (int i = 0; i < list.size(); i++) {
      if (GoValues.equal(wanted, maps ? list.get(i).get(mergeKey) : list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static void requireMergeKey(List<JsonNode> items, String mergeKey) {
    for (JsonNode v : items) {
      if (!v.isObject()) {
        throw StrategicMergePatchError.badArgType(MAP, v);
      }
      mergeValue(v, mergeKey);
    }
  }

  private static boolean isDirective(JsonNode v, String directive) {
    JsonNode d = v.get(DIRECTIVE);
    return d != null && d.isTextual() && d.textValue().equals(directive);
  }

  /**
   * Checks that the patch list is in the order of its {@code $setElementOrder} list (which may name more items);
   * deletions and other directive elements are not ordered.
   */
  static void checkOrder(List<JsonNode> patch, List<JsonNode> order, String mergeKey) {
    if (order.isEmpty() || patch.isEmpty()) {
      return;
    }
    List<JsonNode> ordered = patch;
    if (!mergeKey.isEmpty()) {
      ordered = new ArrayList<>();
      for (JsonNode v : patch) {
        if (!v.isObject()) {
          throw StrategicMergePatchError.badArgType(MAP, v);
        }
        if (!isDirective(v, DELETE)) {
          ordered.add(v);
        }
      }
    }
    int p = 0;
    int o = 0;
    while (p < ordered.size() && o < order.size()) {
      if (ordered.get(p).has(DIRECTIVE)) {
        p++;
        continue;
      }
      if (mergeKeyValueEqual(ordered.get(p), order.get(o), mergeKey)) {
        p++;
      }
      o++;
    }
    if (p < ordered.size()) {
      throw StrategicMergePatchError.unknown("The order in patch list:\n" + GoValues.format(patch)
          + "\n doesn't match " + StrategicMergePatch.SET_ELEMENT_ORDER + " list:\n" + GoValues.format(order) + "\n");
    }
  }

  private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) {
    if (mergeKey.isEmpty()) {
      return GoValues.equal(left, right);
    }
    if (!left.isObject()) {
      throw StrategicMergePatchError.badArgType(MAP, left);
    }
    if (!right.isObject()) {
      throw StrategicMergePatchError.badArgType(MAP, right);
    }
    return GoValues.equal(mergeValue(left, mergeKey), mergeValue(right, mergeKey));
  }

  /** Removes repeated scalars in place the way strategicpatch does: a repeat is overwritten by the last element. */
  private static void deduplicate(GoSlice s) {
    int last = s.size() - 1;
    for (int i = 0; i < last; i++) {
      for (int j = i + 1; j <= last; j++) {
        if (GoValues.equal(s.get(i), s.get(j))) {
          s.set(j, s.get(last));
          s.truncate(last);
          last--;
          j--;
        }
      }
    }
  }
}
