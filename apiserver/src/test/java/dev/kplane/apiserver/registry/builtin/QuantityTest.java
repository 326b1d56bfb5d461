package dev.kplane.apiserver.registry.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from apimachinery pkg/api/resource/quantity_test.go (TestQuantityParse canonical forms). */
class QuantityTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0", "0n, 0", "0Mi, 0", "1, 1", "1000m, 1", "500m, 500m", "0.5, 500m", "0.1, 100m", "1.5, 1500m",
      "1Gi, 1Gi", "1024Mi, 1Gi", "1.5Gi, 1536Mi", "1Ki, 1Ki", "1023, 1023", "0.5Ki, 512", "2048Ki, 2Mi",
      "1025Ki, 1025Ki", "1e3, 1e3", "1E3, 1e3", "1.5e3, 1500", "1e-3, 1e-3", "100M, 100M", "1000M, 1G",
      "1G, 1G", "1000k, 1M", "1.1k, 1100", "12345678, 12345678", "1n, 1n", "0.1n, 1n", "1u, 1u", "1000u, 1m",
      "-1, -1", "-500m, -500m", "+1, 1", "123456789012, 123456789012", "1k, 1k", "1000, 1k", "010, 10",
      "1.0, 1", "5Ei, 5Ei", "Gi, 0", "1P, 1P", "1m, 1m", "0.0001, 100u", "7Ki, 7Ki", "1.G, 1G"
  })
  void parsesToCanonicalForm(String in, String canonical) {
    assertEquals(canonical, Quantity.parse(in).toString());
  }

  @ParameterizedTest
  @CsvSource({"100m, 100m", "1m, 1m", "0.5m, 1m", "1n, 1m", "1.0001, 1001m", "1Gi, 1Gi", "-0.5m, -1m"})
  void roundsUpToMilli(String in, String rounded) {
    assertEquals(rounded, Quantity.parse(in).roundUp(-3).toString());
  }

  @ParameterizedTest
  @CsvSource({"'', format", "abc, format", "1.5.5, format", "1 Gi, format", "1Gb, format", "1Q, format",
      "1KiB, format", "1Mb, format", "1e, suffix", "1Ge, suffix", "1iK, suffix", "1e1.5, format"})
  void rejectsMalformed(String in, String which) {
    var e = assertThrows(IllegalArgumentException.class, () -> Quantity.parse(in));
    assertEquals(which.equals("format") ? Quantity.FORMAT_ERROR : Quantity.SUFFIX_ERROR, e.getMessage());
  }
}
