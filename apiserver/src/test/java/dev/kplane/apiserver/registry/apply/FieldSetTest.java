package dev.kplane.apiserver.registry.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kplane.schemas.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field sets, their FieldsV1 form and their path texts (cases from structured-merge-diff's fieldpath tests). */
class FieldSetTest {
  private static final PathElement SPEC = PathElement.field("spec");
  private static final PathElement CONTAINERS = PathElement.field("containers");
  private static final PathElement C = PathElement.key(Map.of("name", TextNode.valueOf("c")));

  private static FieldSet read(String json) {
    return FieldsV1.read(Json.parse(json));
  }

  @Test
  void fieldsV1RoundTripsKubesFormatByteForByte() {
    String kube = "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"a\\\"\":{}},\"f:labels\":{\".\":{},\"f:app\":{}}},"
        + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{},"
        + "\"f:ports\":{\".\":{},\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},"
        + "\"f:containerPort\":{}}}}}}}";
    assertEquals(kube, Json.write(FieldsV1.write(read(kube))));
  }

  @Test
  void fieldsV1ListsFieldsBeforeKeysValuesAndIndexes() {
    FieldSet s = FieldSet.of(List.of(List.of(PathElement.index(0)), List.of(PathElement.value(TextNode.valueOf("x"))),
        List.of(C), List.of(PathElement.field("z")), List.of(PathElement.field("a"))));
    assertEquals("{\"f:a\":{},\"f:z\":{},\"k:{\\\"name\\\":\\\"c\\\"}\":{},\"v:\\\"x\\\"\":{},\"i:0\":{}}",
        Json.write(FieldsV1.write(s)));
  }

  @Test
  void aMemberWithChildrenIsWrittenWithADot() {
    FieldSet s = FieldSet.of(List.of(List.of(SPEC, CONTAINERS, C), List.of(SPEC, CONTAINERS, C,
        PathElement.field("image"))));
    assertEquals("{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":{\".\":{},\"f:image\":{}}}}}",
        Json.write(FieldsV1.write(s)));
    assertTrue(s.has(List.of(SPEC, CONTAINERS, C)));
    assertFalse(s.has(List.of(SPEC, CONTAINERS)), "a path to a member's parent is not a member");
  }

  @Test
  void keysAreEqualWhateverTheNumberType() {
    PathElement a = PathElement.key(Map.of("containerPort", IntNode.valueOf(80), "protocol", TextNode.valueOf("TCP")));
    PathElement b = PathElement.key(Map.of("protocol", TextNode.valueOf("TCP"), "containerPort", LongNode.valueOf(80)));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("[containerPort=80,protocol=\"TCP\"]", a.toString());
    assertEquals("k:{\"containerPort\":80,\"protocol\":\"TCP\"}", a.serialize());
  }

  @Test
  void pathsPrintAsConflictsNameThem() {
    assertEquals(".spec.containers[name=\"c\"].image",
        PathElement.pathString(List.of(SPEC, CONTAINERS, C, PathElement.field("image"))));
    assertEquals(".metadata.finalizers[=\"a\"]", PathElement.pathString(List.of(PathElement.field("metadata"),
        PathElement.field("finalizers"), PathElement.value(TextNode.valueOf("a")))));
    assertEquals("[3]", PathElement.index(3).toString());
  }

  @Test
  void setOperations() {
    FieldSet ab = read("{\"f:a\":{},\"f:b\":{\"f:x\":{},\"f:y\":{}}}");
    FieldSet b = read("{\"f:b\":{\"f:x\":{}},\"f:c\":{}}");
    assertEquals(read("{\"f:a\":{},\"f:b\":{\"f:x\":{},\"f:y\":{}},\"f:c\":{}}"), ab.union(b));
    assertEquals(read("{\"f:b\":{\"f:x\":{}}}"), ab.intersection(b));
    assertEquals(read("{\"f:a\":{},\"f:b\":{\"f:y\":{}}}"), ab.difference(b));
    FieldSet bMember = read("{\"f:b\":{}}");
    assertEquals(ab, ab.difference(bMember).union(read("{}")), "difference keeps what lies below a member");
    assertEquals(read("{\"f:a\":{}}"), ab.recursiveDifference(bMember), "recursive difference drops it");
    assertTrue(ab.intersection(read("{\"f:z\":{}}")).isEmpty());
    assertEquals(ab, read(Json.write(FieldsV1.write(ab))), "operands are not changed");
  }

  @Test
  void unknownElementTypesAreSkippedWhenReading() {
    assertEquals(read("{\"f:a\":{}}"), read("{\"f:a\":{},\"x:b\":{}}"));
  }
}
