package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Quantities as integers in thousandths of their unit, rounded up as apimachinery's MilliValue does. The
 * common spellings ("500m", "2", "1.5Gi", "100M") are parsed directly into thousandths; anything else
 * (exponents, sub-milli suffixes, huge values) goes through fabric8's exact decimal arithmetic.
 */
public final class Quantities {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Quantities() {
    }

    /** Division rounding toward positive infinity (Math.ceilDiv arrived after Java 17). */
    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The amount in thousandths of its unit, rounded up. */
    public static long milliUnits(Quantity q) {
        long fast = parseMilli(q.getAmount(), q.getFormat() == null ? "" : q.getFormat());
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        BigDecimal milli = Quantity.getAmountInBytes(q).multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        // beyond 9.2 PB in thousandths: saturate rather than fail on an absurd node or request
        return milli.compareTo(MAX) >= 0 ? Long.MAX_VALUE : milli.longValueExact();
    }

    /** Long.MIN_VALUE when the spelling is not one of the simple forms or the value would not fit. */
    static long parseMilli(String amount, String format) {
        if (amount == null || amount.isEmpty()) {
            return Long.MIN_VALUE;
        }
        String suffix = format;
        String number = amount;
        if (format.isEmpty()) {
            int i = 0;
            while (i < amount.length() && (Character.isDigit(amount.charAt(i)) || amount.charAt(i) == '.' || (i == 0 && amount.charAt(i) == '-'))) {
                i++;
            }
            number = amount.substring(0, i);
            suffix = amount.substring(i);
        }
        long multiplier = switch (suffix) {
            case "m" -> 1L;
            case "" -> 1_000L;
            case "k" -> 1_000_000L;
            case "M" -> 1_000_000_000L;
            case "G" -> 1_000_000_000_000L;
            case "T" -> 1_000_000_000_000_000L;
            case "Ki" -> 1024L * 1000;
            case "Mi" -> 1024L * 1024 * 1000;
            case "Gi" -> 1024L * 1024 * 1024 * 1000;
            case "Ti" -> 1024L * 1024 * 1024 * 1024 * 1000;
            default -> 0L;
        };
        if (multiplier == 0 || number.isEmpty() || number.charAt(0) == '-') {
            return Long.MIN_VALUE;
        }
        int dot = number.indexOf('.');
        String whole = dot < 0 ? number : number.substring(0, dot);
        String fraction = dot < 0 ? "" : number.substring(dot + 1);
        if (fraction.indexOf('.') >= 0 || whole.length() + fraction.length() > 15 || (whole.isEmpty() && fraction.isEmpty())) {
            return Long.MIN_VALUE;
        }
        try {
            long digits = Long.parseLong(whole + fraction);
            long scale = 1;
            for (int i = 0; i < fraction.length(); i++) {
                scale *= 10;
            }
            // digits * multiplier / scale, rounded up, without overflow
            long product = Math.multiplyExact(digits, multiplier);
            return Quantities.ceilDiv(product, scale);
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
