package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Quantity to integer conversions as apimachinery's resource.Quantity does them (both round up). */
public final class Quantities {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {
    }

    /** {@code Quantity.Value()}: the amount in base units, rounded up. */
    public static long value(Quantity q) {
        if (q == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** {@code Quantity.MilliValue()}: the amount in thousandths, rounded up (cpu "0.1" is 100). */
    public static long milliValue(Quantity q) {
        if (q == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(q).multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
