package dev.kplane.apiserver.registry.patch;

import static dev.kplane.apiserver.registry.patch.PatchMeta.list;
import static dev.kplane.apiserver.registry.patch.PatchMeta.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The patch applications of apimachinery's strategicpatch tests (see strategicpatch-cases.yaml). */
class StrategicMergePatchCasesTest {
  /** patch_test.go's MergeItem and RetainKeysMergeItem structs. */
  static final PatchMeta MERGE_ITEM = new PatchMeta.Builder()
      .kind("", "MergeItem", "mergeItem")
      .struct("mergeItem",
          list("mergingList", "mergeItem", "merge", "name", ""),
          list("nonMergingList", "mergeItem", "", "", ""),
          list("mergingIntList", "int", "merge", "", ""),
          list("nonMergingIntList", "int", "", "", ""),
          // A pointer to a struct, with merge key: the tests patch it both as a map and as a list.
          list("mergeItemPtr", "mergeItem", "merge", "name", ""),
          object("replacingItem", "RawExtension", "replace"),
          object("retainKeysMap", "retainKeysMergeItem", "retainKeys"),
          list("retainKeysMergingList", "mergeItem", "merge,retainKeys", "name", ""))
      .struct("retainKeysMergeItem",
          list("mergingIntList", "int", "merge", "", ""),
          list("mergingList", "mergeItem", "merge", "name", ""),
          list("nonMergingList", "mergeItem", "", "", ""))
      .build();

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = StrategicMergePatchCasesTest.class.getResourceAsStream("strategicpatch-cases.yaml")) {
      JsonNode all = Json.YAML.readTree(in);
      List<Arguments> out = new ArrayList<>();
      all.forEach(c -> out.add(Arguments.of(c.get("description").asText(), c)));
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldApplyThePatchAsStrategicpatchDoes(String description, JsonNode c) {
    PatchMeta.Node schema = MERGE_ITEM.root("", "MergeItem");
    boolean sort = c.path("sortMergeLists").asBoolean();
    ObjectNode original = prepared(c.get("original"), schema, sort);
    ObjectNode patch = prepared(c.get("patch"), schema, sort);
    if (c.has("error")) {
      var e = assertThrows(StrategicMergePatchError.class, () -> StrategicMergePatch.apply(original, patch, schema));
      assertTrue(e.getMessage().contains(c.get("error").asText()), e.getMessage());
      return;
    }
    ObjectNode expected = prepared(c.get("result"), schema, sort);
    assertEquals(expected, StrategicMergePatch.apply(original, patch, schema));
  }

  private static ObjectNode prepared(JsonNode doc, PatchMeta.Node schema, boolean sort) {
    ObjectNode o = doc == null || doc.isNull() ? Json.MAPPER.createObjectNode() : (ObjectNode) doc;
    return sort ? (ObjectNode) sortMergeLists(o, schema) : o;
  }

  /**
   * strategicpatch's sortMergeListsByNameMap, which its tests apply to their YAML documents: merge lists are sorted
   * by merge key, lists of scalars in merge lists and directive lists are deduplicated and sorted.
   */
  private static JsonNode sortMergeLists(JsonNode map, PatchMeta.Node schema) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    map.fields().forEachRemaining(e -> {
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (k.equals("$retainKeys") || k.startsWith("$deleteFromPrimitiveList")) {
        v = StrategicMergePatch.array(sortedScalars(GoValues.iterable(v)));
      } else if (!k.startsWith("$")) {
        PatchMeta.Field f = schema.field(k);
        if (v.isObject()) {
          v = sortMergeLists(v, schema.child(k));
        } else if (v.isArray() && f.patchStrategies().contains("merge")) {
          v = sortMergeList((ArrayNode) v, schema.child(k), f.mergeKey());
        }
      }
      out.set(k, v);
    });
    return out;
  }

  private static JsonNode sortMergeList(ArrayNode list, PatchMeta.Node elements, String mergeKey) {
    if (list.isEmpty() || !list.get(0).isObject()) {
      return StrategicMergePatch.array(sortedScalars(dedup(GoValues.iterable(list))));
    }
    List<JsonNode> maps = new ArrayList<>();
    list.forEach(m -> maps.add(sortMergeLists(m, elements)));
    maps.sort(Comparator.comparing(m -> GoValues.format(m.get(mergeKey))));
    return StrategicMergePatch.array(maps);
  }

  private static List<JsonNode> sortedScalars(List<JsonNode> values) {
    List<JsonNode> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.comparing(GoValues::format));
    return sorted;
  }

  private static List<JsonNode> dedup(List<JsonNode> values) {
    List<JsonNode> out = new ArrayList<>();
    values.forEach(v -> {
      if (GoValues.indexOf(out, v) < 0) {
        out.add(v);
      }
    });
    return out;
  }
}
