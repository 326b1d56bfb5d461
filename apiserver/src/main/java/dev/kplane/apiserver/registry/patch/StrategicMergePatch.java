package dev.kplane.apiserver.registry.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The server side of a strategic merge patch, as kube-apiserver applies it (k8s.io/apimachinery
 * strategicpatch.StrategicMergeMapPatch): a JSON merge patch in which lists with merge strategy merge element by
 * element on their merge key, steered by directives:
 * <ul>
 *   <li>{@code $patch: replace | delete} in a map, {@code $patch: replace | delete} as an element of a merging list;
 *   <li>{@code $retainKeys: [...]}: keep only these fields of the map;
 *   <li>{@code $setElementOrder/<list>: [...]}: the order of the merged list;
 *   <li>{@code $deleteFromPrimitiveList/<list>: [...]}: remove these scalars from the list.
 * </ul>
 * This file handles maps and the map-level directives; {@link MergeLists} merges and orders lists.
 */
public final class StrategicMergePatch {
  static final String DIRECTIVE = "$patch";
  static final String DELETE = "delete";
  static final String REPLACE = "replace";
  static final String MERGE = "merge";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
  static final String SET_ELEMENT_ORDER = "$setElementOrder";

  private StrategicMergePatch() {}

  /**
   * Applies a patch to an object of the type schema describes; neither argument is modified.
   *
   * @throws StrategicMergePatchError when strategicpatch would fail, with its message
   */
  public static ObjectNode apply(ObjectNode original, ObjectNode patch, PatchMeta.Node schema) {
    return mergeMap(original.deepCopy(), patch.deepCopy(), schema);
  }

  /** Merges patch into original, changing both; returns the result, which is original unless a directive says. */
  static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchMeta.Node schema) {
    JsonNode directive = patch.get(DIRECTIVE);
    if (directive != null) {
      return mapDirective(directive, patch);
    }
    applyRetainKeys(original, patch);
    mergeOrderedLists(original, patch, schema);
    for (String key : fieldNames(patch)) {
      JsonNode patchValue = patch.get(key);
      boolean deletionList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
      String k = deletionList ? listKey(key, DELETE_FROM_PRIMITIVE_LIST) : key;
      if (patchValue.isNull()) {
        original.remove(k);
        continue;
      }
      JsonNode originalValue = original.get(k);
      if (originalValue == null || !GoValues.sameType(originalValue, patchValue)) {
        // A deletion list never adds the list it deletes from.
        if (!deletionList) {
          discardNulls(patchValue);
          setOrRemove(original, k, withoutDirectives(patchValue));
        }
        continue;
      }
      PatchMeta.Field field = schema.field(k);
      String strategy = strategyOtherThanRetainKeys(field);
      if (patchValue instanceof ObjectNode patchMap) {
        original.set(k, strategy.equals(REPLACE) ? patchMap
            : mergeMap((ObjectNode) originalValue, patchMap, schema.child(k)));
      } else if (patchValue.isArray()) {
        GoSlice live = GoSlice.decoded(GoValues.iterable(originalValue));
        original.set(k, array(MergeLists.merge(live, GoValues.iterable(patchValue), schema.child(k), strategy,
            field.mergeKey(), deletionList)));
      } else {
        original.set(k, patchValue);
      }
    }
    return original;
  }

  /** {@code $patch} in a map: replace the map by the rest of the patch, or delete everything in it. */
  private static ObjectNode mapDirective(JsonNode directive, ObjectNode patch) {
    if (directive.isTextual() && directive.textValue().equals(REPLACE)) {
      patch.remove(DIRECTIVE);
      return patch;
    }
    if (directive.isTextual() && directive.textValue().equals(DELETE)) {
      return Json.MAPPER.createObjectNode();
    }
    throw StrategicMergePatchError.badPatchType(directive, patch);
  }

  /** {@code $retainKeys}: the fields of the map to keep; the patch itself may only set fields in the list. */
  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw StrategicMergePatchError.badRetainKeys();
    }
    List<JsonNode> keys = GoValues.iterable(retain);
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (GoValues.indexOf(keys, TextNode.valueOf(k)) < 0) {
        throw StrategicMergePatchError.badRetainKeys();
      }
    }
    original.retain(fieldNames(original).stream()
        .filter(k -> GoValues.indexOf(keys, TextNode.valueOf(k)) >= 0).toList());
  }

  /**
   * {@code $setElementOrder/<list>}: merges the list of the same name (if the patch has one) and orders the result:
   * elements named in the directive in its order, the others where they were relative to them in the live list.
   */
  private static void mergeOrderedLists(ObjectNode original, ObjectNode patch, PatchMeta.Node schema) {
    for (String key : fieldNames(patch)) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      JsonNode order = patch.remove(key);
      if (!order.isArray()) {
        throw StrategicMergePatchError.badArgType("[]interface {}", order);
      }
      String k = listKey(key, SET_ELEMENT_ORDER);
      JsonNode originalList = original.get(k);
      JsonNode patchList = patch.get(k);
      if (originalList != null && !originalList.isArray()) {
        throw StrategicMergePatchError.badArgType("[]interface {}", originalList);
      }
      if (patchList != null && !patchList.isArray()) {
        throw StrategicMergePatchError.badArgType("[]interface {}", patchList);
      }
      PatchMeta.Field field = schema.field(k);
      String mergeKey = field.mergeKey();
      String strategy = strategyOtherThanRetainKeys(field);
      List<JsonNode> orderValues = GoValues.iterable(order);
      GoSlice live = GoSlice.decoded(originalList == null ? List.of() : GoValues.iterable(originalList));
      List<JsonNode> patchValues = patchList == null ? List.of() : GoValues.iterable(patchList);
      MergeLists.checkOrder(patchValues, orderValues, mergeKey);
      List<JsonNode> merged;
      if (originalList == null && patchList == null) {
        continue;
      } else if (patchList == null) {
        merged = live.list();
      } else if (originalList == null) {
        merged = GoValues.iterable(withoutDirectives(patchList));
      } else {
        merged = MergeLists.merge(live, patchValues, schema.child(k), strategy, mergeKey, false);
      }
      // The live list as its slice now reads, after the merge's in-place changes.
      List<JsonNode> liveOrder = live.list();
      MergeLists.Partition parts = MergeLists.partition(merged, orderValues, mergeKey);
      boolean maps = MergeLists.elementsAreMaps(liveOrder, patchValues);
      original.set(k, array(MergeLists.order(parts, orderValues, liveOrder, mergeKey, maps)));
      patch.remove(k);
    }
  }

  /** The list a {@code $deleteFromPrimitiveList/x} or {@code $setElementOrder/x} directive is about: x. */
  private static String listKey(String key, String prefix) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw prefix.equals(SET_ELEMENT_ORDER) ? StrategicMergePatchError.badSetElementOrder()
          : StrategicMergePatchError.badPrimitiveList();
    }
    return key.substring(slash + 1);
  }

  /** The strategy of a field once "retainKeys" is set aside: only the patch's $retainKeys directive acts on it. */
  private static String strategyOtherThanRetainKeys(PatchMeta.Field field) {
    List<String> strategies = field.patchStrategies();
    if (strategies.size() == 1) {
      return strategies.get(0).equals("retainKeys") ? "" : strategies.get(0);
    }
    if (strategies.size() == 2 && strategies.contains("retainKeys")) {
      return strategies.get(0).equals("retainKeys") ? strategies.get(1) : strategies.get(0);
    }
    throw StrategicMergePatchError.unknown("unexpected patch strategy: " + GoValues.format(
        strategies.stream().map(s -> (JsonNode) TextNode.valueOf(s)).toList()));
  }

  /**
   * The value without elements and fields that are {@code $patch} maps; null when the value is one itself.
   * Patch content with no live counterpart is taken this way.
   */
  static JsonNode withoutDirectives(JsonNode value) {
    if (value instanceof ObjectNode map) {
      if (map.has(DIRECTIVE)) {
        return null;
      }
      for (String k : fieldNames(map)) {
        setOrRemove(map, k, withoutDirectives(map.get(k)));
      }
      return map;
    }
    if (value instanceof ArrayNode list) {
      ArrayNode kept = Json.MAPPER.createArrayNode();
      list.forEach(e -> {
        JsonNode v = withoutDirectives(e);
        if (v != null) {
          kept.add(v);
        }
      });
      return kept;
    }
    return value;
  }

  /** Null fields of new patch content mean nothing to delete: they are dropped, at any depth. */
  private static void discardNulls(JsonNode value) {
    if (value instanceof ObjectNode map) {
      for (String k : fieldNames(map)) {
        if (map.get(k).isNull()) {
          map.remove(k);
        } else {
          discardNulls(map.get(k));
        }
      }
    } else if (value instanceof ArrayNode list) {
      list.forEach(StrategicMergePatch::discardNulls);
    }
  }

  private static void setOrRemove(ObjectNode map, String key, JsonNode value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.set(key, value);
    }
  }

  private static List<String> fieldNames(JsonNode map) {
    List<String> names = new ArrayList<>(map.size());
    map.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static ArrayNode array(List<JsonNode> values) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    a.addAll(values);
    return a;
  }
}
