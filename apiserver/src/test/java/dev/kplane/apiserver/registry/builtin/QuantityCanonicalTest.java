package dev.kplane.apiserver.registry.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** resource.Quantity's canonical String(), cases from quantity_test.go's TestQuantityString and parse tests. */
class QuantityCanonicalTest {
  @ParameterizedTest
  @CsvSource({
      "10Gi, 10Gi", "1024Mi, 1Gi", "1000Mi, 1000Mi", "1.5Gi, 1536Mi", "0.5Gi, 512Mi", "512, 512", "1536, 1536",
      "1Ki, 1Ki", "1023, 1023", "100m, 100m", "0.1, 100m", "1.5, 1500m", "1000, 1k", "1500, 1500", "2000000, 2M",
      "1G, 1G", "1000M, 1G", "0, 0", "0Gi, 0", "1e3, 1e3", "1e4, 10e3", "1E6, 1e6", "-1Gi, -1Gi", "1n, 1n",
      "0.0000000001, 1n", "12345678901, 12345678901", "0.5Ki, 512", "1.1Ki, 1126400m", "5M, 5M"})
  void shouldCanonicalizeLikeQuantityString(String in, String want) {
    assertEquals(want, Quantity.canonical(in));
  }
}
