package dev.kplane.apiserver.api;

/**
 * One validation error, rendered as k8s.io/apimachinery/pkg/util/validation/field.Error renders it.
 *
 * @param field the path, e.g. "metadata.name"
 * @param type the error type's text: "Invalid value", "Required value", "Forbidden", "Too long", "Unsupported value", "Duplicate value", "Not found"
 * @param value the bad value (a String is quoted); null to omit it
 * @param detail the explanation, may be empty
 */
public record FieldError(String field, String type, Object value, String detail) {
  public static final String INVALID = "Invalid value";
  public static final String REQUIRED = "Required value";
  public static final String FORBIDDEN = "Forbidden";
  public static final String TOO_LONG = "Too long";

  /** A value rendered as Go's %#v would render it, e.g. {@code []string{"10.96.0.1"}}: printed as is. */
  public record GoValue(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(field, INVALID, value, detail);
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(field, REQUIRED, null, detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(field, FORBIDDEN, null, detail);
  }

  /** "metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 ..." */
  public String render() {
    return field + ": " + renderWithoutField();
  }

  /** field.Error.ErrorBody(): the type, the value unless omitted, then the detail. */
  public String renderWithoutField() {
    boolean omitValue = value == null || type.equals(REQUIRED) || type.equals(FORBIDDEN) || type.equals(TOO_LONG);
    StringBuilder s = new StringBuilder(type);
    if (!omitValue) {
      s.append(": ").append(value instanceof String str ? NameValidation.quote(str) : String.valueOf(value));
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** The cause reason in a Status: "FieldValueInvalid", "FieldValueRequired", ... */
  public String causeType() {
    return switch (type) {
      case INVALID -> "FieldValueInvalid";
      case REQUIRED -> "FieldValueRequired";
      case FORBIDDEN -> "FieldValueForbidden";
      case TOO_LONG -> "FieldValueTooLong";
      case "Unsupported value" -> "FieldValueNotSupported";
      case "Duplicate value" -> "FieldValueDuplicate";
      case "Not found" -> "FieldValueNotFound";
      default -> "FieldValueInvalid";
    };
  }
}
