package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 document (JSON tree) as the gnostic {@code openapi.v2.Document} protobuf that kubectl and
 * client-go fetch from /openapi/v2 (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto; the field numbers
 * below are that file's). Covers what the generated documents use; like gnostic, vendor extensions become NamedAny
 * values holding their YAML text.
 */
final class V2Protobuf {
  private V2Protobuf() {}

  static byte[] encode(JsonNode doc) {
    return ProtoWriter.encode(w -> {
      w.string(1, text(doc, "swagger"));
      if (doc.has("info")) {
        w.message(2, info -> info.string(1, text(doc.get("info"), "title")).string(2, text(doc.get("info"), "version")));
      }
      if (doc.has("paths")) {
        w.message(8, paths -> {
          extensions(paths, 1, doc.get("paths"));
          for (Map.Entry<String, JsonNode> e : fields(doc.get("paths"))) {
            if (!e.getKey().startsWith("x-")) {
              paths.message(2, named -> named.string(1, e.getKey()).message(2, item -> pathItem(item, e.getValue())));
            }
          }
        });
      }
      if (doc.has("definitions")) {
        w.message(9, defs -> namedSchemas(defs, doc.get("definitions")));
      }
      extensions(w, 16, doc);
    });
  }

  private static void pathItem(ProtoWriter w, JsonNode item) {
    String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < methods.length; i++) {
      JsonNode op = item.get(methods[i]);
      if (op != null) {
        w.message(2 + i, o -> operation(o, op));
      }
    }
    parameters(w, 9, item.get("parameters"));
    extensions(w, 10, item);
  }

  private static void operation(ProtoWriter w, JsonNode op) {
    strings(w, 1, op.get("tags"));
    w.string(2, text(op, "summary"));
    w.string(3, text(op, "description"));
    w.string(5, text(op, "operationId"));
    strings(w, 6, op.get("produces"));
    strings(w, 7, op.get("consumes"));
    parameters(w, 8, op.get("parameters"));
    if (op.has("responses")) {
      w.message(9, responses -> {
        for (Map.Entry<String, JsonNode> e : fields(op.get("responses"))) {
          responses.message(1, named -> named.string(1, e.getKey())
              .message(2, value -> value.message(1, response -> response(response, e.getValue()))));
        }
      });
    }
    strings(w, 10, op.get("schemes"));
    w.bool(11, op.path("deprecated").asBoolean());
    extensions(w, 13, op);
  }

  private static void response(ProtoWriter w, JsonNode r) {
    w.string(1, text(r, "description"));
    if (r.has("schema")) {
      w.message(2, item -> item.message(1, s -> schema(s, r.get("schema"))));
    }
    extensions(w, 5, r);
  }

  /** ParametersItem → Parameter → BodyParameter, or NonBodyParameter → query/path/header sub-schema. */
  private static void parameters(ProtoWriter w, int field, JsonNode params) {
    if (params == null) {
      return;
    }
    for (JsonNode p : params) {
      w.message(field, item -> {
        if (p.has("$ref")) {
          item.message(2, ref -> ref.string(1, text(p, "$ref")));
        } else {
          item.message(1, param -> parameter(param, p));
        }
      });
    }
  }

  private static void parameter(ProtoWriter w, JsonNode p) {
    String in = text(p, "in");
    if (in.equals("body")) {
      w.message(1, body -> {
        body.string(1, text(p, "description")).string(2, text(p, "name")).string(3, in)
            .bool(4, p.path("required").asBoolean());
        if (p.has("schema")) {
          body.message(5, s -> schema(s, p.get("schema")));
        }
        extensions(body, 6, p);
      });
      return;
    }
    // Query and form sub-schemas have allowEmptyValue at 5, shifting every later field by one.
    int shift = in.equals("query") ? 1 : 0;
    int kind = switch (in) {
      case "header" -> 1;
      case "query" -> 3;
      case "path" -> 4;
      default -> throw new IllegalArgumentException("unsupported parameter location " + in);
    };
    w.message(2, nonBody -> nonBody.message(kind, s -> {
      s.bool(1, p.path("required").asBoolean()).string(2, in).string(3, text(p, "description"))
          .string(4, text(p, "name"));
      s.bool(5, shift == 1 && p.path("allowEmptyValue").asBoolean());
      s.string(5 + shift, text(p, "type")).string(6 + shift, text(p, "format"));
      s.bool(19 + shift, p.path("uniqueItems").asBoolean());
      extensions(s, 22 + shift, p);
    }));
  }

  private static void namedSchemas(ProtoWriter w, JsonNode schemas) {
    for (Map.Entry<String, JsonNode> e : fields(schemas)) {
      w.message(1, named -> named.string(1, e.getKey()).message(2, s -> schema(s, e.getValue())));
    }
  }

  private static void schema(ProtoWriter w, JsonNode s) {
    w.string(1, text(s, "$ref"));
    w.string(2, text(s, "format"));
    w.string(3, text(s, "title"));
    w.string(4, text(s, "description"));
    JsonNode required = s.get("required");
    strings(w, 19, required);
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      w.message(21, a -> {
        if (additional.isBoolean()) {
          a.bool(2, additional.asBoolean());
        } else {
          a.message(1, sub -> schema(sub, additional));
        }
      });
    }
    JsonNode type = s.get("type");
    if (type != null) {
      w.message(22, t -> {
        if (type.isArray()) {
          strings(t, 1, type);
        } else {
          t.string(1, type.asText());
        }
      });
    }
    JsonNode items = s.get("items");
    if (items != null) {
      w.message(23, i -> {
        for (JsonNode item : items.isArray() ? items : Json.MAPPER.createArrayNode().add(items)) {
          i.message(1, sub -> schema(sub, item));
        }
      });
    }
    if (s.has("allOf")) {
      for (JsonNode sub : s.get("allOf")) {
        w.message(24, x -> schema(x, sub));
      }
    }
    if (s.has("properties")) {
      w.message(25, props -> namedSchemas(props, s.get("properties")));
    }
    w.bool(27, s.path("readOnly").asBoolean());
    extensions(w, 31, s);
  }

  /** Vendor extensions: NamedAny{name, Any{yaml}}, the value as YAML text as gnostic writes it. */
  private static void extensions(ProtoWriter w, int field, JsonNode node) {
    for (Map.Entry<String, JsonNode> e : fields(node)) {
      if (e.getKey().startsWith("x-")) {
        w.message(field, named -> named.string(1, e.getKey()).message(2, any -> any.string(2, yaml(e.getValue()))));
      }
    }
  }

  static String yaml(JsonNode value) {
    try {
      String y = Json.YAML.writeValueAsString(value);
      return y.startsWith("---\n") ? y.substring(4) : y.startsWith("--- ") ? y.substring(4) : y;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void strings(ProtoWriter w, int field, JsonNode array) {
    if (array != null) {
      for (JsonNode v : array) {
        w.string(field, v.asText());
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return node.properties();
  }
}
