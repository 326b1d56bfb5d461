package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Table of a custom resource, from its CRD version's additionalPrinterColumns (apiextensions-apiserver's
 * tableconvertor): NAME first, then one column per printer column, whose jsonPath is evaluated with missing keys
 * allowed. A version without printer columns gets an "Age" column (GetColumnsForVersion's default).
 */
final class PrinterColumns {
  private PrinterColumns() {}

  static TableConvertor convertor(JsonNode additionalPrinterColumns) {
    JsonNode defs = additionalPrinterColumns;
    if (defs == null || !defs.isArray() || defs.size() == 0) {
      ArrayNode age = Json.MAPPER.createArrayNode();
      age.addObject().put("name", "Age").put("type", "date").put("description", Column.AGE_DOC)
          .put("jsonPath", ".metadata.creationTimestamp");
      defs = age;
    }
    List<Column> columns = new ArrayList<>();
    columns.add(Column.nameColumn());
    List<JsonPath> paths = new ArrayList<>();
    for (JsonNode def : defs) {
      String jsonPath = def.path("jsonPath").asText();
      try {
        paths.add(JsonPath.parse(jsonPath));
      } catch (IllegalArgumentException unparsable) {
        break; // kube-apiserver serves the columns that parsed before the bad one
      }
      String description = def.path("description").asText("");
      columns.add(new Column(def.path("name").asText(), def.path("type").asText(), def.path("format").asText(""),
          description.isEmpty() ? "Custom resource definition column (in JSONPath format): " + jsonPath : description,
          def.path("priority").asInt(0)));
    }
    List<Column> custom = columns.subList(1, columns.size());
    return new TableConvertor(columns, (o, now) -> {
      List<Object> cells = new ArrayList<>();
      cells.add(Cells.name(o));
      for (int i = 0; i < paths.size(); i++) {
        cells.add(cell(paths.get(i), custom.get(i).type(), o, now));
      }
      return new Row(cells, null);
    }, false);
  }

  /** The first match, converted for the column's type; null when nothing matched or the path failed. */
  static Object cell(JsonPath path, String type, JsonNode object, Instant now) {
    List<JsonNode> results;
    try {
      results = path.find(object);
    } catch (JsonPath.PathException e) {
      return null;
    }
    if (results.isEmpty()) {
      return null;
    }
    JsonNode value = results.get(0);
    if (type.equals("string")) {
      return printed(value);
    }
    if (value.isNull()) {
      return null;
    }
    return switch (type) {
      case "integer" -> value.isNumber() ? (Object) value.asLong() : null;
      case "number" -> value.isNumber() ? (Object) value.asDouble() : null;
      case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
      case "date" -> value.isTextual() ? date(value.asText(), now) : null;
      default -> null;
    };
  }

  /** metav1.Time's UnmarshalQueryParameter then ConvertToHumanReadableDateType. */
  private static String date(String text, Instant now) {
    if (text.isEmpty() || text.equals("null")) {
      return "<unknown>";
    }
    try {
      return HumanDuration.format(java.time.Duration.between(OffsetDateTime.parse(text).toInstant(), now));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** JSONPath.PrintResults of one value: scalars as Go's fmt prints them, maps and lists as compact JSON. */
  static String printed(JsonNode v) {
    if (v.isNull()) {
      return "<no value>";
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      return dev.kplane.apiserver.api.GoFloat.format(v.doubleValue());
    }
    if (v.isBoolean()) {
      return String.valueOf(v.asBoolean());
    }
    return goJson(v);
  }

  /** encoding/json's output for a decoded value: map keys sorted, <, > and & escaped. */
  private static String goJson(JsonNode v) {
    String text = Json.write(sorted(v));
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  private static Object sorted(JsonNode v) {
    if (v.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), sorted(e.getValue()));
      }
      return m;
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(e -> l.add(sorted(e)));
      return l;
    }
    return v;
  }
}
