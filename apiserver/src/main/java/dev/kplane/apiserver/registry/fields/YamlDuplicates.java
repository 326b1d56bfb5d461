package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kplane.schemas.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Duplicate keys in a YAML body, reported as kube's strict YAML-to-JSON conversion (go-yaml v2 in strict mode)
 * reports them: every mapping is checked, whatever the schema; a key's value is read before the key is checked, so
 * duplicates nested in it come first; the line is the (1-based) line where the repeated key's value starts.
 */
final class YamlDuplicates {
  /** How go-yaml starts the error that lists them, one per line after it, each indented by two spaces. */
  static final String PREFIX = "yaml: unmarshal errors:\n  ";

  private final List<String> lines = new ArrayList<>();

  private YamlDuplicates() {}

  /** "line 5: key \"name\" already set in map" for each duplicate of the body's first document; empty when none. */
  static List<String> of(byte[] yaml) throws IOException {
    YamlDuplicates d = new YamlDuplicates();
    try (JsonParser p = Json.YAML.getFactory().createParser(yaml)) {
      if (p.nextToken() != null) {
        d.value(p);
      }
    }
    return d.lines;
  }

  /** The one error go-yaml returns for them all. */
  static String error(List<String> duplicates) {
    return PREFIX + String.join("\n  ", duplicates);
  }

  private void value(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        int line = p.currentTokenLocation().getLineNr();
        value(p);
        if (!seen.add(key)) {
          lines.add("line " + line + ": key " + dev.kplane.apiserver.api.NameValidation.quote(key) + " already set in map");
        }
      }
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      while (p.nextToken() != JsonToken.END_ARRAY) {
        value(p);
      }
    }
  }
}
