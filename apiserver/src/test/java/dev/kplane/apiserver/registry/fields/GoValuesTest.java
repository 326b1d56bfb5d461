package dev.kplane.apiserver.registry.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

/** fmt's %+v of decoded JSON, as kube quotes a rejected strategic merge patch. */
class GoValuesTest {
  @Test
  void shouldPrintMapsSortedAndListsSpaceSeparated() {
    assertEquals("map[$setElementOrder/containers:[map[name:web]] a:<nil> b:[] c:map[] z:true]",
        GoValues.format(Json.parse("{\"z\": true, \"c\": {}, \"b\": [], \"a\": null,"
            + " \"$setElementOrder/containers\": [{\"name\": \"web\"}]}")));
  }

  @Test
  void shouldPrintIntegersAsIntegersAndFloatsAsGoPercentV() {
    assertEquals("[1 1 1.5 123456 1e+06 -2.5e+07 0.0001 1e-05 1000]",
        GoValues.format(Json.parse("[1, 1.0, 1.5, 123456.0, 1000000.0, -25000000.0, 0.0001, 0.00001, 1e3]")));
  }
}
