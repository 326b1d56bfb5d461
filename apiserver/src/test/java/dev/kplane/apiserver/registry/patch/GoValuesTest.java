package dev.kplane.apiserver.registry.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

class GoValuesTest {
  @Test
  void shouldPrintFloatsAsGoPercentV() {
    assertEquals("1e+06", dev.kplane.apiserver.api.GoFloat.format(1_000_000.0));
    assertEquals("123456", dev.kplane.apiserver.api.GoFloat.format(123_456.0));
    assertEquals("1.2345678e+09", dev.kplane.apiserver.api.GoFloat.format(1.2345678e9));
    assertEquals("0.0001", dev.kplane.apiserver.api.GoFloat.format(0.0001));
    assertEquals("1e-05", dev.kplane.apiserver.api.GoFloat.format(0.00001));
    assertEquals("-2.5e-07", dev.kplane.apiserver.api.GoFloat.format(-2.5e-7));
    assertEquals("1.5", dev.kplane.apiserver.api.GoFloat.format(1.5));
  }

  @Test
  void shouldPrintMapsWithSortedKeysAndSlicesWithSpaces() {
    assertEquals("map[a:[1 x <nil>] b:map[c:true] z:2.5]",
        GoValues.format(Json.parse("{\"z\":2.5,\"b\":{\"c\":true},\"a\":[1,\"x\",null]}")));
  }

  @Test
  void shouldCompareLikeGoInterfaces() {
    assertTrue(GoValues.equal(Json.parse("80"), Json.parse("80")));
    assertFalse(GoValues.equal(Json.parse("80"), Json.parse("80.0")), "an int64 is never a float64");
    assertTrue(GoValues.equal(Json.parse("1.50"), Json.parse("1.5")));
    assertFalse(GoValues.equal(Json.parse("\"80\""), Json.parse("80")));
    assertTrue(GoValues.equal(null, Json.parse("null")), "a missing merge key reads as nil");
  }

  /** fmt's %+v of decoded JSON, as kube quotes a rejected strategic merge patch (field validation). */
  @Test
  void shouldPrintDirectivesNullsAndEmptyContainersAsKubeQuotesARejectedPatch() {
    assertEquals("map[$setElementOrder/containers:[map[name:web]] a:<nil> b:[] c:map[] z:true]",
        GoValues.format(Json.parse("{\"z\": true, \"c\": {}, \"b\": [], \"a\": null,"
            + " \"$setElementOrder/containers\": [{\"name\": \"web\"}]}")));
    assertEquals("[1 1 1.5 123456 1e+06 -2.5e+07 0.0001 1e-05 1000]",
        GoValues.format(Json.parse("[1, 1.0, 1.5, 123456.0, 1000000.0, -25000000.0, 0.0001, 0.00001, 1e3]")));
  }
}
