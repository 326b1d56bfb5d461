package dev.kplane.apiserver.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Kubernetes' name, label and annotation validators with their exact messages (apimachinery util/validation). */
public final class NameValidation {
  private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
  private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE = "(" + QUALIFIED_NAME + ")?";
  private static final Pattern LABEL_RE = Pattern.compile(DNS1123_LABEL);
  private static final Pattern SUBDOMAIN_RE = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final Pattern QUALIFIED_RE = Pattern.compile(QUALIFIED_NAME);
  private static final Pattern LABEL_VALUE_RE = Pattern.compile(LABEL_VALUE);
  private static final long TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  private NameValidation() {}

  public static List<String> isDns1123Label(String v) {
    List<String> errs = new ArrayList<>();
    if (v.length() > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL_RE.matcher(v).matches()) {
      errs.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
          + "must start and end with an alphanumeric character", DNS1123_LABEL, "my-name", "123-abc"));
    }
    return errs;
  }

  public static List<String> isDns1123Subdomain(String v) {
    List<String> errs = new ArrayList<>();
    if (v.length() > 253) {
      errs.add(maxLen(253));
    }
    if (!SUBDOMAIN_RE.matcher(v).matches()) {
      errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
          + "'.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN, "example.com"));
    }
    return errs;
  }

  /** Label keys and other qualified names: an optional DNS subdomain prefix and '/', then the name part. */
  public static List<String> isQualifiedName(String v) {
    List<String> errs = new ArrayList<>();
    String[] parts = v.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        for (String msg : isDns1123Subdomain(prefix)) {
          errs.add("prefix part " + msg);
        }
      }
    } else {
      errs.add("a qualified name " + regexError("must consist of alphanumeric characters, '-', '_' or '.', and must "
          + "start and end with an alphanumeric character", QUALIFIED_NAME, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part " + maxLen(63));
    }
    if (!QUALIFIED_RE.matcher(name).matches()) {
      errs.add("name part " + regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start "
          + "and end with an alphanumeric character", QUALIFIED_NAME, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  public static List<String> isValidLabelValue(String v) {
    List<String> errs = new ArrayList<>();
    if (v.length() > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL_VALUE_RE.matcher(v).matches()) {
      errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
          + "'.', and must start and end with an alphanumeric character", LABEL_VALUE, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** metadata.name: a path segment first (path.ValidatePathSegmentName), then DNS-1123 (label for namespaces). */
  public static List<String> validateObjectName(String name, boolean namespaceStyle) {
    List<String> errs = new ArrayList<>();
    if (name.equals(".") || name.equals("..")) {
      errs.add("may not be '" + name + "'");
      return errs;
    }
    for (String illegal : List.of("/", "%")) {
      if (name.contains(illegal)) {
        errs.add("may not contain '" + illegal + "'");
      }
    }
    if (!errs.isEmpty()) {
      return errs;
    }
    return namespaceStyle ? isDns1123Label(name) : isDns1123Subdomain(name);
  }

  public static List<FieldError> validateLabels(Map<String, String> labels) {
    List<FieldError> errs = new ArrayList<>();
    labels.forEach((k, v) -> {
      isQualifiedName(k).forEach(m -> errs.add(FieldError.invalid("metadata.labels", k, m)));
      isValidLabelValue(v).forEach(m -> errs.add(FieldError.invalid("metadata.labels", v, m)));
    });
    return errs;
  }

  public static List<FieldError> validateAnnotations(Map<String, String> annotations) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (var e : annotations.entrySet()) {
      isQualifiedName(e.getKey().toLowerCase()).forEach(m -> errs.add(FieldError.invalid("metadata.annotations", e.getKey(), m)));
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.add(new FieldError("metadata.annotations", FieldError.TOO_LONG, null,
          "may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
    }
    return errs;
  }

  private static String maxLen(int n) {
    return "must be no more than " + n + " characters";
  }

  /** validation.RegexError: the message, examples joined by ",  or ", then the regex. */
  private static String regexError(String msg, String regex, String... examples) {
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      s.append(i == 0 ? "" : ",  or ").append('\'').append(examples[i]).append('\'');
    }
    return s.append(", regex used for validation is '").append(regex).append("')").toString();
  }
}
