package dev.kplane.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * apimachinery's duration.HumanDuration and the printers' translateTimestampSince: ages as kubectl shows them
 * ("5s", "3m20s", "2d3h", "10y"), with ~2-3 significant figures.
 */
final class HumanDuration {
  private HumanDuration() {}

  /** duration.HumanDuration. Go truncates toward zero at every step, and so does this. */
  static String format(Duration d) {
    long seconds = d.getSeconds() + (d.isNegative() && d.getNano() > 0 ? 1 : 0); // int(d.Seconds()) truncates
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = hours / 24 % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** translateTimestampSince: "<unknown>" for an absent (zero) timestamp. */
  static String since(String timestamp, Instant now) {
    Instant t = parse(timestamp);
    return t == null ? "<unknown>" : format(Duration.between(t, now));
  }

  /** The elapsed time between two timestamps, as the job printer's DURATION shows it. */
  static String between(Instant from, Instant to) {
    return format(Duration.between(from, to));
  }

  /**
   * A metav1.Time or MicroTime as JSON carries it (RFC 3339); null for an absent or unparsable one, which Go's
   * decoder would have left at the zero time.
   */
  static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
