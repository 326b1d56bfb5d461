package dev.kplane.apiserver.registry.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A Kubernetes resource quantity (apimachinery pkg/api/resource/quantity.go): "500m", "1Gi", "1e3". Kept as an
 * exact decimal plus the format it was written in, because kube-apiserver re-serializes every quantity in its
 * canonical form for that format ("1000m" reads back as "1", "1024Mi" as "1Gi").
 */
public record Quantity(BigDecimal value, Format format) implements Comparable<Quantity> {
  public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  public static final String FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  public static final String SUFFIX_ERROR = "unable to parse quantity's suffix";
  private static final String SUFFIX_LETTERS = "eEinumkKMGTP";
  private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3,
      "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY_SUFFIXES = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40,
      "Pi", 50, "Ei", 60);
  private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

  /** ParseQuantity; the exception's message is kube's error text. */
  public static Quantity parse(String str) {
    if (str.isEmpty()) {
      throw new IllegalArgumentException(FORMAT_ERROR);
    }
    int pos = 0;
    int end = str.length();
    boolean negative = false;
    if (str.charAt(0) == '-' || str.charAt(0) == '+') {
      negative = str.charAt(0) == '-';
      pos++;
    }
    int numStart = pos;
    while (pos < end && isAsciiDigit(str.charAt(pos))) {
      pos++;
    }
    String num = str.substring(numStart, pos);
    String denom = "";
    if (pos < end && str.charAt(pos) == '.') {
      int denomStart = ++pos;
      while (pos < end && isAsciiDigit(str.charAt(pos))) {
        pos++;
      }
      denom = str.substring(denomStart, pos);
    }
    String suffix = str.substring(pos);
    if (!isSuffixSyntax(suffix)) {
      throw new IllegalArgumentException(FORMAT_ERROR);
    }
    BigDecimal amount = new BigDecimal((num.isEmpty() ? "0" : num) + (denom.isEmpty() ? "" : "." + denom));
    Format format;
    if (DECIMAL_SUFFIXES.containsKey(suffix)) {
      format = Format.DECIMAL_SI;
      amount = amount.scaleByPowerOfTen(DECIMAL_SUFFIXES.get(suffix));
    } else if (BINARY_SUFFIXES.containsKey(suffix)) {
      format = Format.BINARY_SI;
      amount = amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(BINARY_SUFFIXES.get(suffix))));
    } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      format = Format.DECIMAL_EXPONENT;
      amount = amount.scaleByPowerOfTen(exponent(suffix.substring(1)));
    } else {
      throw new IllegalArgumentException(SUFFIX_ERROR);
    }
    // Anything non-zero is rounded away from zero to a whole nano, so a tiny request is never lost.
    if (amount.signum() != 0 && amount.scale() > 9) {
      amount = amount.setScale(9, RoundingMode.UP);
    }
    if (format == Format.BINARY_SI && amount.compareTo(MAX_BINARY) > 0) {
      amount = MAX_BINARY;
    }
    if (format == Format.BINARY_SI && amount.signum() > 0 && amount.compareTo(BigDecimal.ONE) < 0) {
      format = Format.DECIMAL_SI;
    }
    return new Quantity(negative ? amount.negate() : amount, format);
  }

  /** Whether the text parses; for validation paths that report rather than throw. */
  /** The canonical text of a quantity (what Quantity.String() prints); text that is no quantity is returned as is. */
  public static String canonical(String text) {
    try {
      return parse(text.trim()).toString();
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  public static boolean isValid(String str) {
    try {
      parse(str);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Quantity.RoundUp(scale): the smallest value at that decimal scale not nearer zero than this one. */
  public Quantity roundUp(int scale) {
    BigDecimal v = value.stripTrailingZeros();
    return v.scale() > -scale ? new Quantity(v.setScale(-scale, RoundingMode.UP), format) : this;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  public Quantity add(Quantity other) {
    return new Quantity(value.add(other.value), format);
  }

  @Override
  public int compareTo(Quantity o) {
    return value.compareTo(o.value);
  }

  /** Quantity.String(): CanonicalizeBytes. */
  @Override
  public String toString() {
    if (isZero()) {
      return "0";
    }
    if (format == Format.BINARY_SI && value.abs().compareTo(KIBI) >= 0 && isWhole(value)) {
      return binaryForm(value.toBigIntegerExact());
    }
    return decimalForm(format == Format.DECIMAL_EXPONENT);
  }

  /** Mantissa and a power of ten that is a multiple of 3, the mantissa an integer with the fewest digits. */
  private String decimalForm(boolean exponentStyle) {
    BigDecimal v = value.stripTrailingZeros();
    int exponent = -v.scale();
    BigInteger mantissa = v.unscaledValue();
    int down = Math.floorMod(exponent, 3);
    mantissa = mantissa.multiply(BigInteger.TEN.pow(down));
    exponent -= down;
    if (exponentStyle) {
      return mantissa + (exponent == 0 ? "" : "e" + exponent);
    }
    String suffix = decimalSuffix(exponent);
    return suffix == null ? mantissa + "e" + exponent : mantissa + suffix;
  }

  private static String binaryForm(BigInteger whole) {
    int exponent = 0;
    BigInteger k = BigInteger.valueOf(1024);
    while (exponent < 60 && whole.mod(k).signum() == 0) {
      whole = whole.divide(k);
      exponent += 10;
    }
    for (var e : BINARY_SUFFIXES.entrySet()) {
      if (e.getValue() == exponent) {
        return whole + e.getKey();
      }
    }
    return whole.toString();
  }

  private static String decimalSuffix(int exponent) {
    for (var e : DECIMAL_SUFFIXES.entrySet()) {
      if (e.getValue() == exponent) {
        return e.getKey();
      }
    }
    return null;
  }

  private static boolean isWhole(BigDecimal v) {
    return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
  }

  private static int exponent(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SUFFIX_ERROR);
    }
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The suffix half of the regular expression: letters, then an optional sign, then digits. */
  private static boolean isSuffixSyntax(String s) {
    int i = 0;
    while (i < s.length() && SUFFIX_LETTERS.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    while (i < s.length() && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    return i == s.length();
  }
}
