package dev.kplane.apiserver.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' name, label and annotation validators with their exact messages (v1.32): apimachinery
 * pkg/util/validation/validation.go, pkg/api/validation/path/name.go, pkg/api/validation/objectmeta.go and
 * pkg/apis/meta/v1/validation/validation.go.
 */
public final class NameValidation {
  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
      + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character";
  private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  /** objectmeta.go TotalAnnotationSizeLimitB. */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
  /** field.Error.ErrorBody() prints no value for these types. */
  private static final Set<String> TYPES_WITHOUT_VALUE =
      Set.of(FieldError.REQUIRED, FieldError.FORBIDDEN, FieldError.TOO_LONG, "Internal error");
  /** Go compares strings bytewise (UTF-8); sort.Strings and sets.String.List() order by it. */
  static final Comparator<String> GO_ORDER = (a, b) ->
      Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private NameValidation() {}

  public static List<String> isDns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (goLen(value) > 63) {
      errs.add(maxLenError(63));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      // A valid subdomain that is not a label (length already checked) can only be wrong by its dots.
      errs.add(isSubdomainSyntax(value) ? "must not contain dots"
          : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  public static List<String> isDns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (goLen(value) > 253) {
      errs.add(maxLenError(253));
    }
    if (!isSubdomainSyntax(value)) {
      errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** Label keys (and annotation keys, lowercased): an optional DNS-1123 subdomain prefix and '/', then a name. */
  public static List<String> isQualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    if (parts.length > 2) {
      errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    String name = parts[parts.length - 1];
    if (parts.length == 2) {
      if (parts[0].isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        isDns1123Subdomain(parts[0]).forEach(m -> errs.add("prefix part " + m));
      }
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (goLen(name) > 63) {
      errs.add("name part " + maxLenError(63));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  public static List<String> isValidLabelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (goLen(value) > 63) {
      errs.add(maxLenError(63));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** path.IsValidPathSegmentName: whether the name can be a segment of a REST path. */
  public static List<String> isValidPathSegmentName(String name) {
    if (name.equals(".") || name.equals("..")) {
      return new ArrayList<>(List.of("may not be '" + name + "'"));
    }
    List<String> errs = new ArrayList<>();
    for (String illegal : List.of("/", "%")) {
      if (name.contains(illegal)) {
        errs.add("may not contain '" + illegal + "'");
      }
    }
    return errs;
  }

  /**
   * The messages for metadata.name as kube-apiserver reports them on create: the type's own name rule first
   * (DNS-1123 label for namespaces, subdomain otherwise); only when that passes does rest.BeforeCreate run the
   * path-segment rule, so a name like "a/b" is reported with the DNS message, not "may not contain '/'".
   */
  public static List<String> validateObjectName(String name, boolean namespaceStyle) {
    List<String> errs = namespaceStyle ? isDns1123Label(name) : isDns1123Subdomain(name);
    return errs.isEmpty() ? isValidPathSegmentName(name) : errs;
  }

  /** v1validation.ValidateLabels at metadata.labels. */
  public static List<FieldError> validateLabels(Map<String, String> labels) {
    return validateLabels(labels, "metadata.labels");
  }

  /** v1validation.ValidateLabels at another path, e.g. spec.template.metadata.labels. */
  public static List<FieldError> validateLabels(Map<String, String> labels, String fieldPath) {
    List<FieldError> errs = new ArrayList<>();
    labels.forEach((k, v) -> {
      isQualifiedName(k).forEach(m -> errs.add(FieldError.invalid(fieldPath, k, m)));
      isValidLabelValue(v).forEach(m -> errs.add(FieldError.invalid(fieldPath, v, m)));
    });
    return errs;
  }

  /** ValidateAnnotations at metadata.annotations. */
  public static List<FieldError> validateAnnotations(Map<String, String> annotations) {
    return validateAnnotations(annotations, "metadata.annotations");
  }

  /** ValidateAnnotations: keys are qualified names ignoring case; keys plus values total at most 256 KiB of UTF-8. */
  public static List<FieldError> validateAnnotations(Map<String, String> annotations, String fieldPath) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (var e : annotations.entrySet()) {
      isQualifiedName(goToLower(e.getKey())).forEach(m -> errs.add(FieldError.invalid(fieldPath, e.getKey(), m)));
      total += goLen(e.getKey()) + goLen(e.getValue());
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.add(new FieldError(fieldPath, FieldError.TOO_LONG, null,
          "may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
    }
    return errs;
  }

  /**
   * field.Error.Error(): "path: Type: value: detail", as each item of a 422 Status message reads. The value is
   * left out for Required/Forbidden/Too long, strings are quoted like Go's %q, and an empty detail is dropped.
   */
  public static String render(FieldError e) {
    StringBuilder s = new StringBuilder(e.field()).append(": ").append(e.type());
    if (!TYPES_WITHOUT_VALUE.contains(e.type())) {
      Object v = e.value();
      s.append(": ").append(v == null ? "null" : v instanceof String str ? quote(str) : String.valueOf(v));
    }
    if (e.detail() != null && !e.detail().isEmpty()) {
      s.append(": ").append(e.detail());
    }
    return s.toString();
  }

  /** Go's strconv.Quote (fmt %q): printable runes kept, the rest escaped as Go escapes them. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x0b -> b.append("\\v");
        default -> {
          if (isGoPrintable(c)) {
            b.appendCodePoint(c);
          } else if (c < ' ' || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else if (Character.isSurrogate((char) c) && c < 0x10000) {
            b.append("\\ufffd"); // a lone surrogate is no valid rune; Go prints U+FFFD
          } else {
            b.append(c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
          }
        }
      }
    });
    return b.append('"').toString();
  }

  /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isGoPrintable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
          Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /** Go's len(string): lengths are limits on UTF-8 bytes, not Java chars. */
  static int goLen(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** strings.ToLower maps rune by rune (simple case mapping), unlike String.toLowerCase's locale rules. */
  private static String goToLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.toLowerCase(c)));
    return b.toString();
  }

  /** The subdomain regex, checked label by label so a name with many dots cannot overflow the regex engine's stack. */
  private static boolean isSubdomainSyntax(String value) {
    for (String label : value.split("\\.", -1)) {
      if (!DNS1123_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  /** validation.RegexError: each example is followed by ", " and joined by " or " (hence ",  or "). */
  private static String regexError(String msg, String fmt, String... examples) {
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      s.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(fmt).append("')").toString();
  }
}
