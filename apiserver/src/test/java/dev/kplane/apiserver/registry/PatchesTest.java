package dev.kplane.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.parse(json);
  }

  @Test
  void shouldMergeObjectsRemoveNullsAndReplaceEverythingElse() {
    var current = obj("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"data\":{\"x\":\"1\"},\"list\":[1,2]}");
    var patched = Patches.apply(Patches.MERGE, current,
        Json.parse("{\"metadata\":{\"labels\":{\"b\":null,\"c\":\"3\"}},\"list\":[3],\"data\":null}"));
    assertEquals(obj("{\"metadata\":{\"labels\":{\"a\":\"1\",\"c\":\"3\"}},\"list\":[3]}"), patched);
    assertEquals("2", current.path("metadata").path("labels").path("b").asText(), "the current object is not touched");
  }

  @Test
  void shouldApplyAStrategicPatchOfPlainMapsAsAMergePatch() {
    var patched = Patches.apply(Patches.STRATEGIC, obj("{\"metadata\":{\"annotations\":{\"a\":\"1\"}}}"),
        Json.parse("{\"metadata\":{\"annotations\":{\"b\":\"2\"}}}"));
    assertEquals(obj("{\"metadata\":{\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}}"), patched);
  }

  @Test
  void shouldRefuseStrategicPatchesThatNeedMergeKeys() {
    var e = assertThrows(ApiException.class, () -> Patches.apply(Patches.STRATEGIC, obj("{}"),
        Json.parse("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}")));
    assertEquals(415, e.code());
  }
}
