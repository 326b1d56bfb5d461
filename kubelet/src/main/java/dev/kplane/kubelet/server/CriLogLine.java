package dev.kplane.kubelet.server;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One line of a CRI container log file: {@code <RFC3339Nano time> <stdout|stderr> <P|F> <text>}. P marks a partial
 * line (the runtime split a long line; no newline follows it), F a full one.
 */
record CriLogLine(OffsetDateTime time, String stream, boolean partial, String text) {
  /** The kubelet's RFC3339NanoFixed: always nine fraction digits, so timestamps line up. */
  static final DateTimeFormatter TIMESTAMP_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  /** The line parsed, or null when it is not in the CRI format (kube skips such lines too). */
  static CriLogLine parse(String line) {
    int a = line.indexOf(' ');
    int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
    if (b < 0) {
      return null;
    }
    int c = line.indexOf(' ', b + 1);
    String tag = c < 0 ? line.substring(b + 1) : line.substring(b + 1, c);
    String text = c < 0 ? "" : line.substring(c + 1);
    try {
      return new CriLogLine(OffsetDateTime.parse(line.substring(0, a)), line.substring(a + 1, b),
          tag.startsWith("P"), text);
    } catch (DateTimeParseException x) {
      return null;
    }
  }

  /** The text as the container wrote it: a full line gets its newline back. */
  String content() {
    return partial ? text : text + "\n";
  }
}
