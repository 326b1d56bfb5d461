package dev.kplane.apiserver.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * resource.Quantity's String(): the canonical form kube-apiserver stores and prints ("1536Mi" for "1.5Gi",
 * "1500m" for "1.5"). The printers show quantities as the stored object has them, and kube-apiserver only ever
 * stores canonical ones.
 */
final class Quantity {
  private static final Pattern SYNTAX = Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?([a-zA-Z]*|[eE][+-]?[0-9]+)");
  private static final Map<String, Integer> DECIMAL = Map.ofEntries(Map.entry("n", -9), Map.entry("u", -6),
      Map.entry("m", -3), Map.entry("", 0), Map.entry("k", 3), Map.entry("M", 6), Map.entry("G", 9),
      Map.entry("T", 12), Map.entry("P", 15), Map.entry("E", 18));
  private static final Map<String, Integer> BINARY = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50,
      "Ei", 60);
  private static final BigInteger THOUSAND_TWENTY_FOUR = BigInteger.valueOf(1024);

  private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  private Quantity() {}

  /** The canonical text of a quantity; text that is no quantity is returned unchanged. */
  static String canonical(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches() || (m.group(2).isEmpty() && (m.group(3) == null || m.group(3).isEmpty()))) {
      return text;
    }
    String suffix = m.group(4);
    Format format;
    BigDecimal amount = new BigDecimal(m.group(2).isEmpty() ? "0" : m.group(2)
        + (m.group(3) == null || m.group(3).isEmpty() ? "" : "." + m.group(3)));
    if (BINARY.containsKey(suffix)) {
      format = Format.BINARY_SI;
      amount = amount.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix))));
    } else if (DECIMAL.containsKey(suffix)) {
      format = Format.DECIMAL_SI;
      amount = amount.scaleByPowerOfTen(DECIMAL.get(suffix));
    } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      format = Format.DECIMAL_EXPONENT;
      amount = amount.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    } else {
      return text;
    }
    // ParseQuantity rounds any non-zero value up to the next nano, so that asking for a little gets a little
    if (amount.scale() > 9) {
      amount = amount.setScale(9, RoundingMode.UP);
    }
    if ("-".equals(m.group(1))) {
      amount = amount.negate();
    }
    if (amount.signum() == 0) {
      return "0";
    }
    if (format == Format.BINARY_SI) {
      boolean small = amount.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
      boolean whole = amount.stripTrailingZeros().scale() <= 0;
      if (small || !whole) {
        format = Format.DECIMAL_SI; // shown exactly rather than rounded to a binary suffix
      } else {
        return base1024(amount.toBigIntegerExact());
      }
    }
    return base10(amount, format);
  }

  private static String base1024(BigInteger value) {
    int exponent = 0;
    while (value.signum() != 0 && value.mod(THOUSAND_TWENTY_FOUR).signum() == 0) {
      value = value.divide(THOUSAND_TWENTY_FOUR);
      exponent++;
    }
    int bits = exponent * 10;
    String suffix = BINARY.entrySet().stream().filter(e -> e.getValue() == bits).map(Map.Entry::getKey)
        .findFirst().orElse("");
    return value + suffix;
  }

  /** AsCanonicalBytes: factors of ten moved into the exponent, which is then lowered to a multiple of 3. */
  private static String base10(BigDecimal amount, Format format) {
    BigDecimal stripped = amount.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int extra = Math.floorMod(exponent, 3);
    mantissa = mantissa.multiply(BigInteger.TEN.pow(extra));
    exponent -= extra;
    if (format == Format.DECIMAL_EXPONENT) {
      return mantissa + (exponent == 0 ? "" : "e" + exponent);
    }
    int e = exponent;
    String suffix = DECIMAL.entrySet().stream().filter(x -> x.getValue() == e).map(Map.Entry::getKey)
        .findFirst().orElse("");
    return mantissa + suffix;
  }
}
