package dev.kplane.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  private static final ResourceType WIDGETS =
      new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true, List.of(), List.of(), List.of());

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.parse(json);
  }

  @Test
  void shouldMergeObjectsRemoveNullsAndReplaceEverythingElse() {
    var current = obj("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"data\":{\"x\":\"1\"},\"list\":[1,2]}");
    var patched = Patches.apply(Patches.MERGE, PODS, current,
        Json.parse("{\"metadata\":{\"labels\":{\"b\":null,\"c\":\"3\"}},\"list\":[3],\"data\":null}"));
    assertEquals(obj("{\"metadata\":{\"labels\":{\"a\":\"1\",\"c\":\"3\"}},\"list\":[3]}"), patched);
    assertEquals("2", current.path("metadata").path("labels").path("b").asText(), "the current object is not touched");
  }

  @Test
  void shouldApplyAStrategicPatchOfPlainMapsAsAMergePatch() {
    var patched = Patches.apply(Patches.STRATEGIC, PODS, obj("{\"metadata\":{\"annotations\":{\"a\":\"1\"}}}"),
        Json.parse("{\"metadata\":{\"annotations\":{\"b\":\"2\"}}}"));
    assertEquals(obj("{\"metadata\":{\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}}"), patched);
  }

  @Test
  void shouldMergeContainersOfAStrategicPatchOnTheirName() {
    var patched = Patches.apply(Patches.STRATEGIC, PODS,
        obj("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\"}]}}"),
        Json.parse("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"y\"}]}}"));
    assertEquals(obj("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"y\"},{\"name\":\"b\"}]}}"), patched);
  }

  @Test
  void shouldRefuseStrategicPatchesOfCustomResources() {
    var e = assertThrows(ApiException.class, () -> Patches.apply(Patches.STRATEGIC, WIDGETS, obj("{}"),
        Json.parse("{\"spec\":{\"a\":1}}")));
    assertEquals(415, e.code());
  }

  @Test
  void shouldAnswerAStrategicPatchWithoutMergeKeyAsKubeDoes() {
    var e = assertThrows(ApiException.class, () -> Patches.apply(Patches.STRATEGIC, PODS,
        obj("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}"),
        Json.parse("{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}")));
    assertEquals(500, e.code());
    assertEquals("map: map[image:x] does not contain declared merge key: name", e.getMessage());
  }

  @Test
  void shouldApplyJsonPatchOperationsInOrder() {
    var patched = Patches.apply(Patches.JSON_PATCH, PODS, obj("{\"data\":{\"a\":\"1\",\"b/c\":\"2\"},\"list\":[1,2]}"),
        Json.parse("[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"1\"},"
            + "{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"x\"},"
            + "{\"op\":\"remove\",\"path\":\"/data/b~1c\"},"
            + "{\"op\":\"add\",\"path\":\"/list/-\",\"value\":3},"
            + "{\"op\":\"add\",\"path\":\"/list/0\",\"value\":0},"
            + "{\"op\":\"copy\",\"from\":\"/data/a\",\"path\":\"/data/c\"},"
            + "{\"op\":\"move\",\"from\":\"/data/c\",\"path\":\"/moved\"}]"));
    assertEquals(obj("{\"data\":{\"a\":\"x\"},\"list\":[0,1,2,3],\"moved\":\"x\"}"), patched);
  }

  @Test
  void shouldRejectAJsonPatchWhoseTestFails() {
    var e = assertThrows(ApiException.class, () -> Patches.apply(Patches.JSON_PATCH, PODS, obj("{\"a\":1}"),
        Json.parse("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]")));
    assertEquals(422, e.code());
  }
}
