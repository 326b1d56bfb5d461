package dev.kplane.apiserver.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The JSON texts of metav1.Time, metav1.MicroTime and metav1.Duration, as their Go MarshalJSON writes them. */
final class GoFormats {
  /** time.RFC3339 in UTC: Time drops the fraction. */
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  /** MicroTime's RFC3339Micro: always six digits, truncated like Go's Format. */
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private GoFormats() {}

  static String time(long seconds, int nanos) {
    return SECONDS.format(Instant.ofEpochSecond(seconds, nanos));
  }

  static String microTime(long seconds, int nanos) {
    return MICROS.format(Instant.ofEpochSecond(seconds, nanos));
  }

  /** Go's time.Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
  static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long u = nanos < 0 ? -nanos : nanos; // Long.MIN_VALUE stays negative: read unsigned below
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000L) {
        return sign + u + "ns";
      }
      if (u < 1_000_000L) {
        return sign + fraction(u, 1_000L) + "\u00b5s";
      }
      return sign + fraction(u, 1_000_000L) + "ms";
    }
    long secs = Long.divideUnsigned(u, 1_000_000_000L);
    String seconds = secs % 60 + fractionDigits(Long.remainderUnsigned(u, 1_000_000_000L), 1_000_000_000L) + "s";
    long minutes = secs / 60;
    if (minutes == 0) {
      return sign + seconds;
    }
    long hours = minutes / 60;
    return sign + (hours == 0 ? "" : hours + "h") + minutes % 60 + "m" + seconds;
  }

  /** value / unit with the remainder as decimals, trailing zeros dropped. */
  private static String fraction(long value, long unit) {
    return value / unit + fractionDigits(value % unit, unit);
  }

  private static String fractionDigits(long remainder, long unit) {
    if (remainder == 0) {
      return "";
    }
    int width = Long.toString(unit).length() - 1;
    String digits = String.format("%0" + width + "d", remainder).replaceAll("0+$", "");
    return "." + digits;
  }
}
