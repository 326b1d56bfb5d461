package dev.kplane.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Field selectors (apimachinery pkg/fields): "a=b,c!=d", with '\' escaping ',', '=' and '!' in values. */
public final class FieldSelector {
  public record Requirement(String field, boolean equals, String value) {}

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  public static FieldSelector parse(String s) {
    List<Requirement> out = new ArrayList<>();
    for (String part : splitTerms(s)) {
      if (part.isEmpty()) {
        continue;
      }
      int ne = indexOfUnescaped(part, "!=");
      int eqeq = indexOfUnescaped(part, "==");
      int eq = indexOfUnescaped(part, "=");
      if (ne >= 0) {
        out.add(new Requirement(part.substring(0, ne).trim(), false, unescape(part.substring(ne + 2))));
      } else if (eqeq >= 0) {
        out.add(new Requirement(part.substring(0, eqeq).trim(), true, unescape(part.substring(eqeq + 2))));
      } else if (eq >= 0) {
        out.add(new Requirement(part.substring(0, eq).trim(), true, unescape(part.substring(eq + 1))));
      } else {
        throw new IllegalArgumentException("invalid selector: '" + s + "'; can't understand '" + part + "'");
      }
    }
    return new FieldSelector(out);
  }

  /** Matches when every requirement holds; an absent field reads as "". */
  public boolean matches(Function<String, String> fieldValue) {
    for (Requirement r : requirements) {
      String v = fieldValue.apply(r.field());
      if ((v == null ? "" : v).equals(r.value()) != r.equals()) {
        return false;
      }
    }
    return true;
  }

  /** The text of a dotted field path of an object, "" when absent. */
  public static String valueOf(JsonNode object, String fieldPath) {
    JsonNode n = object;
    for (String p : fieldPath.split("\\.")) {
      n = n.path(p);
    }
    return n.isValueNode() ? n.asText() : "";
  }

  private static List<String> splitTerms(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static int indexOfUnescaped(String s, String op) {
    for (int i = 0; i + op.length() <= s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
        continue;
      }
      if (s.startsWith(op, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String v) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        c = v.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
