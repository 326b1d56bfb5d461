package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Walks a JSON token stream under a {@link FieldSchema} the way kube's strict decoder (sigs.k8s.io/json with
 * DisallowUnknownFields and DisallowDuplicateFields) reads it into Go types, and collects what that decoder reports,
 * in the order it reports it:
 * <ul>
 *   <li>{@code unknown field "p"} for a key a struct has no field for; its value is skipped, so nothing inside it is
 *       reported, and a repeated unknown key is reported once;</li>
 *   <li>{@code duplicate field "p"} for a repeated struct field, map key or untyped key, at its second occurrence;</li>
 *   <li>nothing inside opaque values (scalars and self-decoding types).</li>
 * </ul>
 * Like the Go decoder it reports at most {@value #MAX_ERRORS} errors; the unknown fields are all kept, for pruning.
 */
final class StrictWalker {
  static final int MAX_ERRORS = 100;
  static final String UNKNOWN = "unknown field ";
  static final String DUPLICATE = "duplicate field ";

  /** One thing the decoder reports. */
  record Finding(String type, FieldPath path) {
    String text() {
      return type + dev.kplane.apiserver.api.NameValidation.quote(path.toString());
    }
  }

  private final Set<String> reported = new HashSet<>();
  private final List<Finding> findings = new ArrayList<>();
  private final List<FieldPath> unknown = new ArrayList<>();

  /** Walks the value at the parser's current token (call nextToken() first) and leaves the parser at its end. */
  static StrictWalker walk(JsonParser p, FieldSchema schema) throws IOException {
    StrictWalker w = new StrictWalker();
    w.value(p, schema, null);
    return w;
  }

  /**
   * The errors' texts, e.g. {@code unknown field "spec.foo"}: in the order of the stream, or, when the stream was a
   * tree whose keys a Go decoder would have met sorted (a YAML body, a patched object), in that order.
   */
  List<String> errors(boolean sorted) {
    List<Finding> ordered = findings;
    if (sorted) {
      ordered = new ArrayList<>(findings);
      ordered.sort(Comparator.comparing(Finding::path));
    }
    return ordered.stream().limit(MAX_ERRORS).map(Finding::text).toList();
  }

  /** Every unknown field met, also those beyond the error limit. */
  List<FieldPath> unknownFields() {
    return unknown;
  }

  private void value(JsonParser p, FieldSchema schema, FieldPath path) throws IOException {
    JsonToken t = p.currentToken();
    boolean object = t == JsonToken.START_OBJECT;
    boolean array = t == JsonToken.START_ARRAY;
    if (schema instanceof FieldSchema.Struct s && object) {
      struct(p, s, path);
    } else if (schema instanceof FieldSchema.MapOf m && object) {
      map(p, m.values(), path);
    } else if (schema instanceof FieldSchema.ListOf l && array) {
      list(p, l.items(), path);
    } else if (schema == FieldSchema.ANY && object) {
      map(p, schema, path);
    } else if (schema == FieldSchema.ANY && array) {
      list(p, schema, path);
    } else {
      // opaque, or a value of the wrong JSON type (the decoder's type error, not a strictness one)
      p.skipChildren();
    }
  }

  private void struct(JsonParser p, FieldSchema.Struct s, FieldPath path) throws IOException {
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      FieldPath child = FieldPath.field(path, key);
      p.nextToken();
      FieldSchema field = s.field(key);
      if (field == null) {
        unknown.add(child);
        report(UNKNOWN, child);
        p.skipChildren();
        continue;
      }
      if (!seen.add(key)) {
        report(DUPLICATE, child);
      }
      value(p, field, child);
    }
  }

  private void map(JsonParser p, FieldSchema values, FieldPath path) throws IOException {
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      FieldPath child = FieldPath.field(path, key);
      p.nextToken();
      if (!seen.add(key)) {
        report(DUPLICATE, child);
      }
      value(p, values, child);
    }
  }

  private void list(JsonParser p, FieldSchema items, FieldPath path) throws IOException {
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      value(p, items, FieldPath.item(path, i++));
    }
  }

  /** Each text once, as the Go decoder dedupes its errors. */
  private void report(String type, FieldPath path) {
    Finding f = new Finding(type, path);
    if (reported.add(f.text())) {
      findings.add(f);
    }
  }
}
