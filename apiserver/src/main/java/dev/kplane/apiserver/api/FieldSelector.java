package dev.kplane.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Field selectors as Kubernetes v1.32 parses and matches them (apimachinery pkg/fields/selector.go):
 * "a=b,c==d,e!=f", where a value escapes '\', ',' and '=' with a backslash.
 */
public final class FieldSelector {
  /** selection.Operator of a field requirement; "==" parses to EQUALS like "=". */
  public enum Operator {
    EQUALS("="), NOT_EQUALS("!=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** One term; the value is unescaped, the field is taken literally (fields.Requirement). */
  public record Requirement(String field, Operator operator, String value) {
    boolean matches(String actual) {
      return (actual == null ? "" : actual).equals(value) == (operator == Operator.EQUALS);
    }
  }

  /** splitTerm tries "!=" before "==" before "=" at each position, so "a==b" does not leave "=b" as the value. */
  private static final List<String> OPERATORS = List.of("!=", "==", "=");

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The requirements in Go's order: terms sorted bytewise before parsing. */
  public List<Requirement> requirements() {
    return requirements;
  }

  /**
   * fields.ParseSelector; a malformed selector is an IllegalArgumentException with the text kube-apiserver answers
   * with. Empty terms are skipped, and so is a term whose field and value are both empty ("=").
   */
  public static FieldSelector parse(String selector) {
    List<String> terms = splitTerms(selector);
    terms.sort(NameValidation.GO_ORDER);
    List<Requirement> out = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      Requirement r = splitTerm(term);
      if (r == null) {
        throw new IllegalArgumentException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
      }
      // ParseSelector ends with Transform(identity), which drops a term with empty field and value.
      if (!r.field().isEmpty() || !r.value().isEmpty()) {
        out.add(r);
      }
    }
    return new FieldSelector(out);
  }

  /** Every requirement holds; the function gives a field's value, and an absent field (null) reads as "". */
  public boolean matches(Function<String, String> fieldValue) {
    for (Requirement r : requirements) {
      if (!r.matches(fieldValue.apply(r.field()))) {
        return false;
      }
    }
    return true;
  }

  /** The text of a scalar at a dotted path such as "spec.nodeName"; "" when absent, null or not a scalar. */
  public static String valueOf(JsonNode object, String fieldPath) {
    JsonNode n = object;
    for (String part : fieldPath.split("\\.", -1)) {
      n = n == null ? null : n.get(part);
    }
    return n == null || n.isNull() || !n.isValueNode() ? "" : n.asText();
  }

  /** fields.EscapeValue: a literal string as a selector value. */
  public static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** Splits at commas not preceded by a backslash; escapes stay in the terms for UnescapeValue. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector.isEmpty()) {
      return terms;
    }
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /** The first operator occurrence splits the term; the field side has no escaping at all. */
  private static Requirement splitTerm(String term) {
    for (int i = 0; i < term.length(); i++) {
      for (String op : OPERATORS) {
        if (term.startsWith(op, i)) {
          Operator operator = op.equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS;
          return new Requirement(term.substring(0, i), operator, unescapeValue(term.substring(i + op.length())));
        }
      }
    }
    return null;
  }

  /** fields.UnescapeValue: only \\, \, and \= are escapes; a bare ',' or '=' in a value is an error. */
  private static String unescapeValue(String s) {
    StringBuilder v = new StringBuilder(s.length());
    boolean inSlash = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new IllegalArgumentException("invalid field selector: invalid escape sequence: \\"
              + new String(Character.toChars(c)));
        }
        v.appendCodePoint(c);
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        // UnescapedRune prints the rune with %v, i.e. as its number: '=' is 61.
        throw new IllegalArgumentException("invalid field selector: unescaped character in value: " + c);
      } else {
        v.appendCodePoint(c);
      }
    }
    if (inSlash) {
      throw new IllegalArgumentException("invalid field selector: invalid escape sequence: \\");
    }
    return v.toString();
  }
}
