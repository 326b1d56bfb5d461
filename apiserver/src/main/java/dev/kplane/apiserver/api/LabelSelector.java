package dev.kplane.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Label selectors as Kubernetes v1.32 parses and matches them: the string syntax of apimachinery
 * pkg/labels/selector.go (a port of its lexer and parser, so the error texts are the ones kube-apiserver puts in
 * its 400 response) and metav1.LabelSelector objects (pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector).
 */
public final class LabelSelector {
  /** selection.Operator; "=" and "==" behave the same, so one constant stands for both. */
  enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

  /** One requirement; built only by {@link #newRequirement}, so its values suit its operator. */
  record Requirement(String key, Op op, List<String> values) {
    boolean matches(Map<String, String> labels) {
      boolean has = labels.containsKey(key);
      String v = labels.get(key);
      return switch (op) {
        case EQUALS, IN -> has && values.contains(v);
        case NOT_EQUALS, NOT_IN -> !has || !values.contains(v);
        case EXISTS -> has;
        case DOES_NOT_EXIST -> !has;
        // A label value that is not an integer matches neither Gt nor Lt.
        case GREATER_THAN -> has && isInt64(v) && Long.parseLong(v) > Long.parseLong(values.get(0));
        case LESS_THAN -> has && isInt64(v) && Long.parseLong(v) < Long.parseLong(values.get(0));
      };
    }
  }

  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);
  private static final Pattern INT64 = Pattern.compile("[+-]?[0-9]+");

  private final List<Requirement> requirements;
  /** labels.Nothing(): what a null metav1.LabelSelector converts to. */
  private final boolean nothing;

  private LabelSelector(List<Requirement> requirements, boolean nothing) {
    this.requirements = List.copyOf(requirements);
    this.nothing = nothing;
  }

  /** True when the selector does not restrict anything (labels.Everything()); false for a null object selector. */
  public boolean isEmpty() {
    return !nothing && requirements.isEmpty();
  }

  /**
   * The selector's string form as Go's internalSelector.String() writes it: requirements sorted by key, values
   * of set operators sorted, joined by commas (e.g. the Scale subresource's status.selector).
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    requirements.stream().sorted(java.util.Comparator.comparing(Requirement::key)).forEach(r -> {
      List<String> values = r.values().stream().sorted().distinct().toList();
      parts.add(switch (r.op()) {
        case EXISTS -> r.key();
        case DOES_NOT_EXIST -> "!" + r.key();
        case EQUALS -> r.key() + "=" + values.get(0);
        case NOT_EQUALS -> r.key() + "!=" + values.get(0);
        case IN -> r.key() + " in (" + String.join(",", values) + ")";
        case NOT_IN -> r.key() + " notin (" + String.join(",", values) + ")";
        case GREATER_THAN -> r.key() + ">" + values.get(0);
        case LESS_THAN -> r.key() + "<" + values.get(0);
      });
    });
    return String.join(",", parts);
  }

  /** Every requirement holds (an empty selector matches everything, a null object selector nothing). */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * labels.Parse: "a=b,a==b,a!=b,a in (x,y),a notin (x),a,!a,a>1,a<1"; a malformed selector is an
   * IllegalArgumentException whose message is the text kube-apiserver answers with.
   */
  public static LabelSelector parse(String selector) {
    return new LabelSelector(new Parser(Lexer.scan(selector)).parse(), false);
  }

  /**
   * metav1.LabelSelectorAsSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) ANDed; a
   * selector without either matches everything, a null or absent one matches nothing. An invalid key, value or
   * operator is an IllegalArgumentException with the Go error text.
   */
  public static LabelSelector fromJson(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return NOTHING;
    }
    List<Requirement> out = new ArrayList<>();
    selector.path("matchLabels").fields().forEachRemaining(e ->
        out.add(newRequirement(e.getKey(), Op.EQUALS, List.of(e.getValue().asText()))));
    for (JsonNode expr : selector.path("matchExpressions")) {
      String operator = expr.path("operator").asText();
      Op op = switch (operator) {
        case "In" -> Op.IN;
        case "NotIn" -> Op.NOT_IN;
        case "Exists" -> Op.EXISTS;
        case "DoesNotExist" -> Op.DOES_NOT_EXIST;
        default -> throw new IllegalArgumentException(NameValidation.quote(operator)
            + " is not a valid label selector operator");
      };
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      out.add(newRequirement(expr.path("key").asText(), op, values));
    }
    return new LabelSelector(out, false);
  }

  /** labels.NewRequirement with no field path: every problem found, aggregated as Go's ErrorList aggregates. */
  private static Requirement newRequirement(String key, Op op, List<String> values) {
    List<String> errs = new ArrayList<>();
    String keyError = validateLabelKey(key, "key");
    if (keyError != null) {
      errs.add(keyError);
    }
    switch (op) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) {
          errs.add(invalid("values", goSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) {
          errs.add(invalid("values", goSlice(values), "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) {
          errs.add(invalid("values", goSlice(values), "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errs.add(invalid("values", goSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < values.size(); i++) {
          if (!isInt64(values.get(i))) {
            errs.add(invalid("values[" + i + "]", NameValidation.quote(values.get(i)),
                "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      List<String> msgs = NameValidation.isValidLabelValue(values.get(i));
      if (!msgs.isEmpty()) {
        String path = "values[" + i + "][" + key + "]";
        errs.add(invalid(path, NameValidation.quote(values.get(i)), String.join("; ", msgs)));
      }
    }
    if (!errs.isEmpty()) {
      throw new IllegalArgumentException(aggregate(errs));
    }
    return new Requirement(key, op, List.copyOf(values));
  }

  /** validateLabelKey; the parser passes a nil *field.Path, which Go prints as "<nil>". */
  private static String validateLabelKey(String key, String path) {
    List<String> msgs = NameValidation.isQualifiedName(key);
    return msgs.isEmpty() ? null : invalid(path, NameValidation.quote(key), String.join("; ", msgs));
  }

  /** field.Invalid(...).Error() with the value already printed. */
  private static String invalid(String path, String printedValue, String detail) {
    return path + ": Invalid value: " + printedValue + ": " + detail;
  }

  /** %#v of a []string; LabelSelectorAsSelector passes nil for an empty list. */
  private static String goSlice(List<String> values) {
    if (values.isEmpty()) {
      return "[]string(nil)";
    }
    List<String> quoted = values.stream().map(NameValidation::quote).toList();
    return "[]string{" + String.join(", ", quoted) + "}";
  }

  /** utilerrors aggregate: one error as itself, several deduplicated inside "[...]". */
  private static String aggregate(List<String> errs) {
    Set<String> unique = new LinkedHashSet<>(errs);
    return unique.size() == 1 ? errs.get(0) : "[" + String.join(", ", unique) + "]";
  }

  /** strconv.ParseInt(v, 10, 64) succeeds. */
  private static boolean isInt64(String v) {
    if (v == null || !INT64.matcher(v).matches()) {
      return false;
    }
    try {
      Long.parseLong(v);
      return true;
    } catch (NumberFormatException overflow) {
      return false;
    }
  }

  /** selector.go's Token kinds; its ErrorToken is left out because no input produces it. */
  private enum Kind {
    END, CLOSED_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN,
    OPEN_PAR
  }

  private record Token(Kind kind, String literal) {}

  /** selector.go's Lexer: bytes are read one by one and 0 stands for the end, so a NUL ends the input there. */
  private static final class Lexer {
    private static final Map<String, Kind> TOKENS = Map.ofEntries(Map.entry(")", Kind.CLOSED_PAR),
        Map.entry(",", Kind.COMMA), Map.entry("!", Kind.NOT), Map.entry("==", Kind.DOUBLE_EQUALS),
        Map.entry("=", Kind.EQUALS), Map.entry(">", Kind.GREATER_THAN), Map.entry("in", Kind.IN),
        Map.entry("<", Kind.LESS_THAN), Map.entry("!=", Kind.NOT_EQUALS), Map.entry("notin", Kind.NOT_IN),
        Map.entry("(", Kind.OPEN_PAR));
    private final String s;
    private int pos;

    private Lexer(String s) {
      this.s = s;
    }

    /** Parser.scan: all tokens up to and including the end. */
    static List<Token> scan(String s) {
      Lexer lexer = new Lexer(s);
      List<Token> tokens = new ArrayList<>();
      Token t;
      do {
        t = lexer.lex();
        tokens.add(t);
      } while (t.kind() != Kind.END);
      return tokens;
    }

    private char read() {
      return pos < s.length() ? s.charAt(pos++) : 0;
    }

    private Token lex() {
      char ch = read();
      while (isWhitespace(ch)) {
        ch = read();
      }
      if (ch == 0) {
        return new Token(Kind.END, "");
      }
      pos--;
      return isSpecial(ch) ? scanSpecialSymbol() : scanIdOrKeyword();
    }

    private Token scanIdOrKeyword() {
      StringBuilder b = new StringBuilder();
      for (char ch = read(); ch != 0; ch = read()) {
        if (isSpecial(ch) || isWhitespace(ch)) {
          pos--;
          break;
        }
        b.append(ch);
      }
      String lit = b.toString();
      return new Token(TOKENS.getOrDefault(lit, Kind.IDENTIFIER), lit);
    }

    /** The longest run of special characters that is a token: "!=" and "==" or a single character. */
    private Token scanSpecialSymbol() {
      StringBuilder b = new StringBuilder();
      Token last = null;
      for (char ch = read(); ch != 0; ch = read()) {
        if (!isSpecial(ch)) {
          pos--;
          break;
        }
        b.append(ch);
        Kind k = TOKENS.get(b.toString());
        if (k != null) {
          last = new Token(k, b.toString());
        } else if (last != null) {
          pos--;
          break;
        }
      }
      return last; // never null: every special character is a token by itself
    }

    private static boolean isWhitespace(char ch) {
      return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private static boolean isSpecial(char ch) {
      return "=!(),><".indexOf(ch) >= 0;
    }
  }

  /** selector.go's Parser: a recursive descent over the scanned tokens. */
  private static final class Parser {
    private final List<Token> tokens;
    private int position;

    Parser(List<Token> tokens) {
      this.tokens = tokens;
    }

    /** In the Values context the keywords in and notin are plain identifiers: "x in (in)", "notin=in". */
    private Token lookahead(boolean values) {
      return inContext(tokens.get(Math.min(position, tokens.size() - 1)), values);
    }

    private Token consume(boolean values) {
      Token t = lookahead(values);
      position++;
      return t;
    }

    private static Token inContext(Token t, boolean values) {
      boolean keyword = t.kind() == Kind.IN || t.kind() == Kind.NOT_IN;
      return values && keyword ? new Token(Kind.IDENTIFIER, t.literal()) : t;
    }

    List<Requirement> parse() {
      List<Requirement> requirements = new ArrayList<>();
      while (true) {
        Token t = lookahead(true);
        switch (t.kind()) {
          case IDENTIFIER, NOT -> {
            try {
              requirements.add(parseRequirement());
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage());
            }
            Token next = consume(true);
            switch (next.kind()) {
              case END -> {
                return requirements;
              }
              case COMMA -> {
                Token after = lookahead(true);
                if (after.kind() != Kind.IDENTIFIER && after.kind() != Kind.NOT) {
                  throw fail("found '" + after.literal() + "', expected: identifier after ','");
                }
              }
              default -> throw fail("found '" + next.literal() + "', expected: ',' or 'end of string'");
            }
          }
          case END -> {
            return requirements;
          }
          default -> throw fail("found '" + t.literal() + "', expected: !, identifier, or 'end of string'");
        }
      }
    }

    private Requirement parseRequirement() {
      // parseKeyAndInferOperator: "!key" and a bare "key" need no operator token.
      Op op = null;
      Token t = consume(true);
      if (t.kind() == Kind.NOT) {
        op = Op.DOES_NOT_EXIST;
        t = consume(true);
      }
      if (t.kind() != Kind.IDENTIFIER) {
        throw fail("found '" + t.literal() + "', expected: identifier");
      }
      String key = t.literal();
      String keyError = validateLabelKey(key, "<nil>");
      if (keyError != null) {
        throw fail(keyError);
      }
      Kind next = lookahead(true).kind();
      if ((next == Kind.END || next == Kind.COMMA) && op == null) {
        op = Op.EXISTS;
      }
      // "!key" followed by anything is still DoesNotExist; the caller then rejects the leftover token.
      if (op != null) {
        return newRequirement(key, op, List.of());
      }
      op = parseOperator();
      List<String> values = (op == Op.IN || op == Op.NOT_IN) ? parseValues() : parseExactValue();
      return newRequirement(key, op, values);
    }

    private Op parseOperator() {
      Token t = consume(false);
      return switch (t.kind()) {
        case IN -> Op.IN;
        case EQUALS, DOUBLE_EQUALS -> Op.EQUALS;
        case GREATER_THAN -> Op.GREATER_THAN;
        case LESS_THAN -> Op.LESS_THAN;
        case NOT_IN -> Op.NOT_IN;
        case NOT_EQUALS -> Op.NOT_EQUALS;
        default -> throw fail("found '" + t.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
      };
    }

    /** "(x,y,z)"; values come back sorted and unique as sets.String.List() returns them. */
    private List<String> parseValues() {
      Token t = consume(true);
      if (t.kind() != Kind.OPEN_PAR) {
        throw fail("found '" + t.literal() + "' expected: '('");
      }
      Token first = lookahead(true);
      switch (first.kind()) {
        case IDENTIFIER, COMMA -> {
          List<String> values = parseIdentifiersList();
          if (consume(true).kind() != Kind.CLOSED_PAR) {
            throw fail("found '" + first.literal() + "', expected: ')'");
          }
          return values;
        }
        case CLOSED_PAR -> {
          consume(true);
          return List.of(""); // "()" selects the empty value
        }
        default -> throw fail("found '" + first.literal() + "', expected: ',', ')' or identifier");
      }
    }

    /** Comma-separated, possibly empty identifiers: "(,a)", "(a,)" and "(a,,b)" all include "". */
    private List<String> parseIdentifiersList() {
      Set<String> values = new TreeSet<>(NameValidation.GO_ORDER);
      while (true) {
        Token t = consume(true);
        switch (t.kind()) {
          case IDENTIFIER -> {
            values.add(t.literal());
            Token next = lookahead(true);
            if (next.kind() == Kind.CLOSED_PAR) {
              return new ArrayList<>(values);
            }
            if (next.kind() != Kind.COMMA) {
              throw fail("found '" + next.literal() + "', expected: ',' or ')'");
            }
          }
          case COMMA -> {
            if (values.isEmpty()) {
              values.add("");
            }
            Kind next = lookahead(true).kind();
            if (next == Kind.CLOSED_PAR) {
              values.add("");
              return new ArrayList<>(values);
            }
            if (next == Kind.COMMA) {
              consume(true);
              values.add("");
            }
          }
          default -> throw fail("found '" + t.literal() + "', expected: ',', or identifier");
        }
      }
    }

    /** The one value after =, ==, !=, > or <; nothing before ',' or the end is the empty value. */
    private List<String> parseExactValue() {
      Kind next = lookahead(true).kind();
      if (next == Kind.END || next == Kind.COMMA) {
        return List.of("");
      }
      Token t = consume(true);
      if (t.kind() != Kind.IDENTIFIER) {
        throw fail("found '" + t.literal() + "', expected: identifier");
      }
      return List.of(t.literal());
    }

    private static IllegalArgumentException fail(String message) {
      return new IllegalArgumentException(message);
    }
  }
}
