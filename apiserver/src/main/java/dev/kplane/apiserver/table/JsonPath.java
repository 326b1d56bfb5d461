package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The part of client-go's util/jsonpath that CRD printer columns use, evaluated as the CRD table convertor does it
 * (the path wrapped in "{...}", missing keys allowed): fields ".a.b", "['a.b']" and "[\"a\"]" keys, ".*",
 * recursive "..", indexes and slices "[0]", "[-1]", "[1:3]", "[::2]", "[*]", unions "[0,1]" and filters
 * "[?(@.type=="Ready")]" with ==, !=, <, <=, >, >= or a bare path for existence. Left out: ranges
 * ({range}...{end}), text between templates, several templates in one path.
 */
final class JsonPath {
  /** What Go's FindResults reports as an error: the column's cell becomes null. */
  static final class PathException extends RuntimeException {
    PathException(String message) {
      super(message);
    }
  }

  private sealed interface Step permits Field, Wildcard, Recursive, Slice, Filter {}

  private record Field(List<String> names) implements Step {}

  private record Wildcard() implements Step {}

  private record Recursive() implements Step {}

  /** [start:end:step]; a null part was not given; derived marks "[n]", read as "[n:n+1]". */
  private record Slice(Integer start, Integer end, Integer step, boolean derived) implements Step {}

  /** right is a literal JsonNode or a List of steps relative to "@"; op "exists" has no right side. */
  private record Filter(List<Step> left, String op, Object right) implements Step {}

  private final List<Step> steps;

  private JsonPath(List<Step> steps) {
    this.steps = steps;
  }

  /** Parses a printer column's jsonPath (without braces); IllegalArgumentException when it does not parse. */
  static JsonPath parse(String path) {
    Parser p = new Parser(path.trim());
    List<Step> steps = p.steps(false);
    if (!p.atEnd()) {
      throw new IllegalArgumentException("unrecognized character in " + path + " at " + p.pos);
    }
    return new JsonPath(steps);
  }

  /** Every match, in document order; a missing key matches nothing, a wrong index or type is a PathException. */
  List<JsonNode> find(JsonNode root) {
    return eval(List.of(root), steps);
  }

  private static List<JsonNode> eval(List<JsonNode> input, List<Step> steps) {
    List<JsonNode> values = input;
    for (Step s : steps) {
      values = evalStep(values, s);
    }
    return values;
  }

  private static List<JsonNode> evalStep(List<JsonNode> input, Step step) {
    List<JsonNode> out = new ArrayList<>();
    if (step instanceof Field f) {
      for (String name : f.names()) {
        for (JsonNode v : input) {
          if (v.isObject() && v.has(name)) {
            out.add(v.get(name));
          }
        }
      }
    } else if (step instanceof Wildcard) {
      for (JsonNode v : input) {
        if (v.isContainerNode()) {
          v.elements().forEachRemaining(out::add);
        }
      }
    } else if (step instanceof Recursive) {
      for (JsonNode v : input) {
        descend(v, out);
      }
    } else if (step instanceof Slice sl) {
      for (JsonNode v : input) {
        slice(v, sl, out);
      }
    } else if (step instanceof Filter f) {
      for (JsonNode v : input) {
        filter(v, f, out);
      }
    }
    return out;
  }

  private static void descend(JsonNode v, List<JsonNode> out) {
    if (v.isContainerNode() && v.size() > 0) {
      out.add(v);
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
        descend(it.next(), out);
      }
    }
  }

  private static void slice(JsonNode v, Slice s, List<JsonNode> out) {
    if (v.isNull()) {
      return;
    }
    if (!v.isArray()) {
      throw new PathException(v.getNodeType() + " is not array or slice");
    }
    int len = v.size();
    int start = s.start() == null ? 0 : s.start();
    if (start < 0) {
      start += len;
    }
    int end = s.end() == null ? len : s.end();
    if (s.end() != null && (end < 0 || (end == 0 && s.derived()))) {
      end += len;
    }
    if (start == end) {
      return; // zero elements asked for
    }
    if (start >= len || start < 0) {
      throw new PathException("array index out of bounds: index " + start + ", length " + len);
    }
    if (end > len || end < 0) {
      throw new PathException("array index out of bounds: index " + (end - 1) + ", length " + len);
    }
    if (start > end) {
      throw new PathException("starting index " + start + " is greater than ending index " + end);
    }
    int step = s.step() == null ? 1 : s.step();
    if (step <= 0) {
      throw new PathException("step must be > 0");
    }
    for (int i = start; i < end; i += step) {
      out.add(v.get(i));
    }
  }

  private static void filter(JsonNode v, Filter f, List<JsonNode> out) {
    if (!v.isArray()) {
      throw new PathException(v + " is not array or slice and cannot be filtered");
    }
    for (JsonNode item : v) {
      List<JsonNode> lefts = eval(List.of(item), f.left());
      if (f.op().equals("exists")) {
        if (!lefts.isEmpty()) {
          out.add(item);
        }
        continue;
      }
      if (lefts.isEmpty()) {
        continue;
      }
      if (lefts.size() > 1) {
        throw new PathException("can only compare one element at a time");
      }
      List<JsonNode> rights = f.right() instanceof JsonNode literal ? List.of(literal)
          : eval(List.of(item), castSteps(f.right()));
      if (rights.isEmpty()) {
        continue;
      }
      if (rights.size() > 1) {
        throw new PathException("can only compare one element at a time");
      }
      if (compare(lefts.get(0), f.op(), rights.get(0))) {
        out.add(item);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Step> castSteps(Object o) {
    return (List<Step>) o;
  }

  /** text/template's eq, ne, lt, le, gt, ge: same basic kinds only (integers with integers, and so on). */
  private static boolean compare(JsonNode a, String op, JsonNode b) {
    int c;
    if (a.isTextual() && b.isTextual()) {
      c = a.asText().compareTo(b.asText());
    } else if (a.isIntegralNumber() && b.isIntegralNumber()) {
      c = a.bigIntegerValue().compareTo(b.bigIntegerValue());
    } else if (a.isNumber() && b.isNumber() && !a.isIntegralNumber() && !b.isIntegralNumber()) {
      c = a.decimalValue().compareTo(b.decimalValue());
    } else if (a.isBoolean() && b.isBoolean() && (op.equals("==") || op.equals("!="))) {
      c = a.asBoolean() == b.asBoolean() ? 0 : 1;
    } else {
      throw new PathException("incompatible types for comparison");
    }
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new PathException("unrecognized filter operator " + op);
    };
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    /** Steps until the end (or, inside a filter, until an operator or ')'). */
    List<Step> steps(boolean inFilter) {
      List<Step> steps = new ArrayList<>();
      if (!atEnd() && (s.charAt(pos) == '$' || (inFilter && s.charAt(pos) == '@'))) {
        pos++;
      }
      while (!atEnd()) {
        char c = s.charAt(pos);
        if (s.startsWith("..", pos)) {
          pos += 2;
          steps.add(new Recursive());
          if (!atEnd() && s.charAt(pos) != '[') {
            steps.add(field());
          }
        } else if (c == '.') {
          pos++;
          if (!atEnd() && s.charAt(pos) == '*') {
            pos++;
            steps.add(new Wildcard());
          } else {
            steps.add(field());
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else if (inFilter) {
          break;
        } else {
          throw new IllegalArgumentException("unrecognized character " + c + " at " + pos);
        }
      }
      return steps;
    }

    private Field field() {
      int start = pos;
      while (!atEnd() && ".[]()=!<>, \t'\"{}|".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("empty field name at " + pos);
      }
      return new Field(List.of(s.substring(start, pos)));
    }

    private Step bracket() {
      int close = matching(pos);
      String inner = s.substring(pos + 1, close).trim();
      pos = close + 1;
      if (inner.startsWith("?")) {
        String body = inner.substring(1).trim();
        if (!body.startsWith("(") || !body.endsWith(")")) {
          throw new IllegalArgumentException("unclosed filter " + inner);
        }
        return filter(body.substring(1, body.length() - 1).trim());
      }
      if (inner.equals("*")) {
        return new Slice(null, null, null, false);
      }
      if (inner.startsWith("'") || inner.startsWith("\"")) {
        List<String> names = new ArrayList<>();
        for (String part : splitUnion(inner)) {
          names.add(unquote(part.trim()));
        }
        return new Field(names);
      }
      if (inner.contains(",")) {
        throw new IllegalArgumentException("unions of indexes are not supported: [" + inner + "]");
      }
      String[] parts = inner.split(":", -1);
      if (parts.length > 3) {
        throw new IllegalArgumentException("invalid array index " + inner);
      }
      Integer start = integer(parts[0]);
      if (parts.length == 1) {
        if (start == null) {
          throw new IllegalArgumentException("invalid array index " + inner);
        }
        return new Slice(start, start + 1, null, true);
      }
      return new Slice(start, integer(parts[1]), parts.length == 3 ? integer(parts[2]) : null, false);
    }

    private Filter filter(String body) {
      Parser left = new Parser(body);
      List<Step> leftSteps = left.steps(true);
      String rest = body.substring(left.pos).trim();
      if (rest.isEmpty()) {
        return new Filter(leftSteps, "exists", null);
      }
      int opEnd = 0;
      while (opEnd < rest.length() && "=!<>".indexOf(rest.charAt(opEnd)) >= 0) {
        opEnd++;
      }
      String op = rest.substring(0, opEnd);
      if (!List.of("==", "!=", "<", "<=", ">", ">=").contains(op)) {
        throw new IllegalArgumentException("unrecognized filter operator " + op);
      }
      String right = rest.substring(opEnd).trim();
      if (right.startsWith("@") || right.startsWith("$")) {
        Parser rp = new Parser(right);
        List<Step> rightSteps = rp.steps(true);
        return new Filter(leftSteps, op, rightSteps);
      }
      return new Filter(leftSteps, op, literal(right));
    }

    private static JsonNode literal(String text) {
      if (text.startsWith("'") || text.startsWith("\"")) {
        return JsonNodeFactory.instance.textNode(unquote(text));
      }
      if (text.equals("true") || text.equals("false")) {
        return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
      }
      try {
        return text.contains(".") || text.contains("e") || text.contains("E")
            ? JsonNodeFactory.instance.numberNode(new BigDecimal(text))
            : JsonNodeFactory.instance.numberNode(new java.math.BigInteger(text));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("unrecognized filter value " + text);
      }
    }

    private int matching(int open) {
      int depth = 0;
      char quote = 0;
      for (int i = open; i < s.length(); i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[') {
          depth++;
        } else if (c == ']' && --depth == 0) {
          return i;
        }
      }
      throw new IllegalArgumentException("unterminated array at " + open);
    }

    private static List<String> splitUnion(String inner) {
      List<String> parts = new ArrayList<>();
      char quote = 0;
      int start = 0;
      for (int i = 0; i < inner.length(); i++) {
        char c = inner.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == ',') {
          parts.add(inner.substring(start, i));
          start = i + 1;
        }
      }
      parts.add(inner.substring(start));
      return parts;
    }

    private static String unquote(String quoted) {
      if (quoted.length() < 2 || quoted.charAt(quoted.length() - 1) != quoted.charAt(0)) {
        throw new IllegalArgumentException("unterminated quoted string " + quoted);
      }
      return quoted.substring(1, quoted.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private static Integer integer(String part) {
      String t = part.trim();
      if (t.isEmpty()) {
        return null;
      }
      try {
        return Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid array index " + t);
      }
    }
  }
}
