package dev.kplane.apiserver.registry.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

/** Patches strategicpatch refuses, with its messages and the Status kube-apiserver makes of them. */
class StrategicMergePatchErrorTest {
  private static final String POD = """
      {"metadata":{"name":"p","finalizers":[]},
       "spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}
      """;

  private static ApiException refused(String patch) {
    var e = assertThrows(StrategicMergePatchError.class, () -> StrategicMergePatch.apply(
        (ObjectNode) Json.parse(POD), (ObjectNode) Json.parse(patch), PatchMeta.forKind("", "Pod")));
    return e.toApiException();
  }

  private static void assertStatus(int code, String reason, String message, ApiException e) {
    assertEquals(code, e.code());
    assertEquals(reason, e.reason());
    assertEquals(message, e.status().path("message").asText());
  }

  @Test
  void shouldAnswerAMissingMergeKeyWithAPlainServerError() {
    assertStatus(500, "", "map: map[image:z] does not contain declared merge key: name",
        refused("{\"spec\":{\"containers\":[{\"image\":\"z\"}]}}"));
  }

  @Test
  void shouldRefuseAMergeDirectiveInAList() {
    assertStatus(500, "", "merging lists cannot yet be specified in the patch",
        refused("{\"spec\":{\"containers\":[{\"$patch\":\"merge\",\"name\":\"a\"}]}}"));
  }

  @Test
  void shouldRefuseAnUnknownDirectiveInAMap() {
    assertStatus(500, "", "unknown patch type: remove in map: map[$patch:remove hostname:h]",
        refused("{\"spec\":{\"$patch\":\"remove\",\"hostname\":\"h\"}}"));
  }

  @Test
  void shouldRefuseAnUnknownDirectiveOfAnotherTypeInGoFormat() {
    assertStatus(500, "", "unknown patch type: %!s(int64=1) in map: map[$patch:1 name:a]",
        refused("{\"spec\":{\"containers\":[{\"$patch\":1,\"name\":\"a\"}]}}"));
  }

  @Test
  void shouldRefuseAFieldMissingFromRetainKeysAsABadRequest() {
    assertStatus(400, "BadRequest", "invalid patch format of retainKeys",
        refused("{\"spec\":{\"$retainKeys\":[\"containers\"],\"hostname\":\"h\"}}"));
  }

  @Test
  void shouldRefuseRetainKeysThatAreNotAList() {
    assertStatus(400, "BadRequest", "invalid patch format of retainKeys",
        refused("{\"spec\":{\"$retainKeys\":\"hostname\",\"hostname\":\"h\"}}"));
  }

  @Test
  void shouldRefuseAMalformedSetElementOrderKey() {
    assertStatus(400, "BadRequest", "invalid patch format of setElementOrder list",
        refused("{\"spec\":{\"$setElementOrder-containers\":[{\"name\":\"a\"}]}}"));
  }

  @Test
  void shouldRefuseAMalformedDeleteFromPrimitiveListKey() {
    assertStatus(400, "BadRequest", "invalid patch format of primitive list",
        refused("{\"metadata\":{\"$deleteFromPrimitiveList:finalizers\":[\"a\"]}}"));
  }

  @Test
  void shouldRefuseASetElementOrderThatIsNotAList() {
    assertStatus(500, "", "expected a []interface {}, but received a string",
        refused("{\"spec\":{\"$setElementOrder/containers\":\"a\"}}"));
  }

  @Test
  void shouldRefuseAPatchListOutOfItsSetElementOrder() {
    assertStatus(500, "", "The order in patch list:\n[map[image:1 name:b] map[image:2 name:a]]\n"
            + " doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
        refused("""
            {"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
                     "containers":[{"name":"b","image":"1"},{"name":"a","image":"2"}]}}
            """));
  }

  @Test
  void shouldAnswerAListOfListsAsInvalidWithKubesGenericMessage() {
    ApiException e = refused("{\"metadata\":{\"finalizers\":[[\"a\"]]}}");
    assertStatus(422, "Invalid", "the server rejected our request due to an error in our request", e);
    assertEquals(Json.parse("{}"), e.status().get("details"));
  }

  @Test
  void shouldRefuseListsMixingElementTypes() {
    ObjectNode pod = (ObjectNode) Json.parse("{\"metadata\":{\"finalizers\":[\"a\"]}}");
    var e = assertThrows(StrategicMergePatchError.class, () -> StrategicMergePatch.apply(pod,
        (ObjectNode) Json.parse("{\"metadata\":{\"finalizers\":[1.5]}}"), PatchMeta.forKind("", "Pod")));
    assertEquals("list element types are not identical: [[a] [1.5]]", e.getMessage());
  }

  @Test
  void shouldRefuseObjectsInAListOfScalars() {
    assertStatus(500, "", "cannot merge lists without merge key for string",
        refused("{\"metadata\":{\"finalizers\":[{\"name\":\"a\"}]}}"));
  }

  @Test
  void shouldRefuseAStrategicPatchOfAKindWithoutMetadataWithKubesMediaTypes() {
    ApiException e = StrategicMergePatchError.unsupportedMediaType();
    assertStatus(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media "
        + "types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", e);
  }
}
