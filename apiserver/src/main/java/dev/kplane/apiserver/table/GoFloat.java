package dev.kplane.apiserver.table;

import java.math.BigDecimal;

/** Go's fmt "%v" of a float64 (strconv.FormatFloat(f, 'g', -1, 64)): shortest digits, exponent form below 1e-4 and from 1e6. */
public final class GoFloat {
  private GoFloat() {}

  public static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String digits = b.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exp));
      return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return b.toPlainString();
  }
}
