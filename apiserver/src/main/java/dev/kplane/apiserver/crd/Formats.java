package dev.kplane.apiserver.crd;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The string formats a custom resource schema may name and kube-apiserver checks (apiextensions' supportedFormats,
 * validated as kube-openapi's strfmt registry does). Names are compared without dashes: "date-time" is "datetime".
 */
final class Formats {
  private static final Pattern DATE_TIME_CLOCK =
      Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
  private static final Pattern HOSTNAME = Pattern.compile("^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|"
      + "([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
  private static final Pattern EMAIL = Pattern.compile("^(?:[^<>@\\s]+|.*<[^<>@\\s]+@[^<>@\\s]+>)$");
  private static final Pattern MAC = Pattern.compile(
      "^([0-9A-Fa-f]{2}[:-]){5,19}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\.){2,9}[0-9A-Fa-f]{4}$");
  private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
  private static final Pattern DURATION = Pattern.compile(
      "^\\s*-?\\s*(\\d+(\\.\\d+)?\\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|"
          + "minutes?|hours?|days?|weeks?)\\s*)+$");
  private static final Pattern DURATION_GO = Pattern.compile("^[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+$|^0$");

  private static final Map<String, Predicate<String>> FORMATS = Map.ofEntries(
      Map.entry("bsonobjectid", s -> s.matches("^[0-9a-fA-F]{24}$")),
      Map.entry("uri", Formats::isRequestUri),
      Map.entry("email", s -> s.contains("@") && EMAIL.matcher(s).matches()),
      Map.entry("hostname", s -> HOSTNAME.matcher(s).matches() && s.length() <= 255
          && java.util.Arrays.stream(s.split("\\.")).allMatch(p -> p.length() <= 63)),
      Map.entry("ipv4", Formats::isIpv4),
      Map.entry("ipv6", s -> s.contains(":") && isIpv6(s)),
      Map.entry("cidr", Formats::isCidr),
      Map.entry("mac", s -> MAC.matcher(s).matches()),
      Map.entry("uuid", s -> s.matches("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")),
      Map.entry("uuid3", s -> s.matches("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$")),
      Map.entry("uuid4", s -> s.matches("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")),
      Map.entry("uuid5", s -> s.matches("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")),
      Map.entry("isbn", s -> isbn(s, 10) || isbn(s, 13)),
      Map.entry("isbn10", s -> isbn(s, 10)),
      Map.entry("isbn13", s -> isbn(s, 13)),
      Map.entry("creditcard", s -> s.replaceAll("[^0-9]", "").matches("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|"
          + "(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|"
          + "3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11}|6[27][0-9]{14})$")),
      Map.entry("ssn", s -> s.matches("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$")),
      Map.entry("hexcolor", s -> s.matches("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")),
      Map.entry("rgbcolor", s -> s.matches("^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|"
          + "1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$")),
      Map.entry("byte", Formats::isBase64),
      Map.entry("password", s -> true),
      Map.entry("date", Formats::isDate),
      Map.entry("duration", s -> DURATION_GO.matcher(s).matches() || DURATION.matcher(s).matches()),
      Map.entry("datetime", Formats::isDateTime));

  private Formats() {}

  static boolean supported(String format) {
    return FORMATS.containsKey(format.replace("-", ""));
  }

  static boolean valid(String format, String value) {
    return FORMATS.get(format.replace("-", "")).test(value);
  }

  /** strfmt.IsDateTime: a full-date, "t", then a clock with an optional fraction and a zone. */
  private static boolean isDateTime(String s) {
    if (s.length() < 4) {
      return false;
    }
    String[] parts = s.toLowerCase(Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    var m = DATE_TIME_CLOCK.matcher(parts[1]);
    return m.find() && m.group(1).compareTo("23") <= 0 && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  private static boolean isDate(String s) {
    if (!s.matches("^\\d{4}-\\d{2}-\\d{2}$")) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** netutils.ParseIPSloppy for a dotted address: four decimal octets, leading zeros tolerated. */
  private static boolean isIpv4(String s) {
    var m = IPV4.matcher(s);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String s) {
    if (!s.matches("^[0-9a-fA-F:.]+$")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address || s.contains(".");
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String ip = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    if (!bits.matches("^\\d{1,3}$")) {
      return false;
    }
    int n = Integer.parseInt(bits);
    return isIpv4(ip) ? n <= 32 : ip.contains(":") && isIpv6(ip) && n <= 128;
  }

  /** govalidator.IsRequestURI: url.ParseRequestURI, an absolute URI or an absolute path. */
  private static boolean isRequestUri(String s) {
    try {
      URI u = new URI(s);
      return u.isAbsolute() || s.startsWith("/");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isBase64(String s) {
    if (!s.matches("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$")) {
      return false;
    }
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isbn(String s, int length) {
    String digits = s.replaceAll("[\\s-]", "");
    if (length == 10) {
      if (!digits.matches("^(?:[0-9]{9}X|[0-9]{10})$")) {
        return false;
      }
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (i + 1) * (digits.charAt(i) - '0');
      }
      sum += digits.charAt(9) == 'X' ? 100 : 10 * (digits.charAt(9) - '0');
      return sum % 11 == 0;
    }
    if (!digits.matches("^(?:[0-9]{13})$")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (i % 2 == 0 ? 1 : 3) * (digits.charAt(i) - '0');
    }
    return (10 - sum % 10) % 10 == digits.charAt(12) - '0';
  }
}
