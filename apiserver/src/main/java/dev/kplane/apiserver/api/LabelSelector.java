package dev.kplane.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Label selectors: the string syntax of apimachinery pkg/labels and the metav1.LabelSelector object. */
public final class LabelSelector {
  enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

  record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case EQUALS, IN -> v != null && values.contains(v);
        case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> v != null;
        case DOES_NOT_EXIST -> v == null;
      };
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Parses "a=b,c!=d,e in (f,g),h notin (i),j,!k"; a malformed selector is an IllegalArgumentException. */
  public static LabelSelector parse(String s) {
    List<Requirement> out = new ArrayList<>();
    Lexer lx = new Lexer(s);
    if (lx.peek().isEmpty()) {
      return new LabelSelector(out);
    }
    while (true) {
      out.add(requirement(lx));
      String t = lx.next();
      if (t.isEmpty()) {
        return new LabelSelector(out);
      }
      if (!t.equals(",")) {
        throw new IllegalArgumentException("found '" + t + "', expected: ',' or 'end of string'");
      }
    }
  }

  private static Requirement requirement(Lexer lx) {
    String t = lx.next();
    if (t.equals("!")) {
      String key = identifier(lx.next());
      return validated(new Requirement(key, Op.DOES_NOT_EXIST, Set.of()));
    }
    String key = identifier(t);
    String op = lx.peek();
    if (op.isEmpty() || op.equals(",")) {
      return validated(new Requirement(key, Op.EXISTS, Set.of()));
    }
    lx.next();
    return switch (op) {
      case "=", "==" -> validated(new Requirement(key, Op.EQUALS, Set.of(value(lx))));
      case "!=" -> validated(new Requirement(key, Op.NOT_EQUALS, Set.of(value(lx))));
      case "in" -> validated(new Requirement(key, Op.IN, set(lx)));
      case "notin" -> validated(new Requirement(key, Op.NOT_IN, set(lx)));
      default -> throw new IllegalArgumentException("found '" + op + "', expected: in, notin, =, ==, !=, gt, lt");
    };
  }

  private static String value(Lexer lx) {
    String v = lx.peek();
    if (v.isEmpty() || v.equals(",")) {
      return "";
    }
    return identifier(lx.next());
  }

  private static Set<String> set(Lexer lx) {
    if (!lx.next().equals("(")) {
      throw new IllegalArgumentException("found '" + lx.last + "', expected: '('");
    }
    Set<String> values = new LinkedHashSet<>();
    while (true) {
      String t = lx.next();
      if (t.equals(")")) {
        return values;
      }
      if (t.equals(",")) {
        continue;
      }
      if (t.isEmpty() || t.equals("(")) {
        throw new IllegalArgumentException("found '" + t + "', expected: ',' or ')'");
      }
      values.add(t);
    }
  }

  private static String identifier(String t) {
    if (t.isEmpty() || "(),!=".contains(t.substring(0, 1)) || t.equals("==") || t.equals("!=")) {
      throw new IllegalArgumentException("found '" + t + "', expected: identifier");
    }
    return t;
  }

  private static Requirement validated(Requirement r) {
    List<String> errs = NameValidation.isQualifiedName(r.key());
    if (!errs.isEmpty()) {
      throw new IllegalArgumentException("unable to parse requirement: key: Invalid value: \"" + r.key() + "\": "
          + String.join("; ", errs));
    }
    for (String v : r.values()) {
      List<String> verrs = NameValidation.isValidLabelValue(v);
      if (!verrs.isEmpty()) {
        throw new IllegalArgumentException("unable to parse requirement: values[0][" + r.key() + "]: Invalid value: \""
            + v + "\": " + String.join("; ", verrs));
      }
    }
    return r;
  }

  /** From a metav1.LabelSelector object: matchLabels and matchExpressions, ANDed. */
  public static LabelSelector fromJson(JsonNode sel) {
    List<Requirement> out = new ArrayList<>();
    if (sel == null || sel.isNull() || sel.isMissingNode()) {
      return new LabelSelector(out);
    }
    sel.path("matchLabels").fields().forEachRemaining(e ->
        out.add(new Requirement(e.getKey(), Op.EQUALS, Set.of(e.getValue().asText()))));
    for (JsonNode ex : sel.path("matchExpressions")) {
      Set<String> values = new LinkedHashSet<>();
      ex.path("values").forEach(v -> values.add(v.asText()));
      Op op = switch (ex.path("operator").asText()) {
        case "In" -> Op.IN;
        case "NotIn" -> Op.NOT_IN;
        case "Exists" -> Op.EXISTS;
        case "DoesNotExist" -> Op.DOES_NOT_EXIST;
        default -> throw new IllegalArgumentException("\"" + ex.path("operator").asText() + "\" is not a valid label selector operator");
      };
      out.add(new Requirement(ex.path("key").asText(), op, values));
    }
    return new LabelSelector(out);
  }

  /** Tokens: identifiers, "(", ")", ",", "=", "==", "!=", "!", and the keywords in/notin. */
  private static final class Lexer {
    private final String s;
    private int pos;
    private String peeked;
    String last = "";

    Lexer(String s) {
      this.s = s;
    }

    String peek() {
      if (peeked == null) {
        peeked = scan();
      }
      return peeked;
    }

    String next() {
      String t = peek();
      peeked = null;
      last = t;
      return t;
    }

    private String scan() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      if (pos >= s.length()) {
        return "";
      }
      char c = s.charAt(pos);
      if (c == '(' || c == ')' || c == ',') {
        pos++;
        return String.valueOf(c);
      }
      if (c == '=' || c == '!') {
        if (pos + 1 < s.length() && s.charAt(pos + 1) == '=') {
          pos += 2;
          return c == '=' ? "==" : "!=";
        }
        pos++;
        return String.valueOf(c);
      }
      int start = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && "(),=!".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      return s.substring(start, pos);
    }
  }
}
