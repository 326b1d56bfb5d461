package dev.kplane.apiserver.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.schemas.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
  private static final JsonNode SCHEMA = Json.parse("""
      {"type":"object","properties":{"spec":{"type":"object","required":["cronSpec"],"properties":{
        "cronSpec":{"type":"string","pattern":"^(\\\\d+|\\\\*)(/\\\\d+)?(\\\\s+(\\\\d+|\\\\*)(/\\\\d+)?){4}$"},
        "image":{"type":"string","minLength":2,"maxLength":5},
        "replicas":{"type":"integer","minimum":1,"maximum":10},
        "ratio":{"type":"number","exclusiveMaximum":true,"maximum":1.5},
        "mode":{"type":"string","enum":["Fast","Slow"]},
        "port":{"x-kubernetes-int-or-string":true},
        "tags":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"string"}},
        "when":{"type":"string","format":"date-time"},
        "note":{"type":"string","nullable":true},
        "count":{"type":"integer"}}}}}
      """);

  private static List<String> errors(String obj) {
    return SchemaValidator.validate(SCHEMA, Json.parse(obj)).stream().map(FieldError::render).toList();
  }

  @Test
  void shouldReportAWrongTypeAsKubeDoes() {
    assertEquals(List.of("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""),
        errors("{'spec':{'cronSpec':'* * * * */5','replicas':'x'}}".replace('\'', '"')));
  }

  @Test
  void shouldReportRequiredFields() {
    assertEquals(List.of("spec.cronSpec: Required value"), errors("{\"spec\":{}}"));
  }

  @Test
  void shouldReportBoundsLengthsPatternsAndEnums() {
    String obj = """
        {"spec":{"cronSpec":"bad","image":"a","replicas":11,"ratio":1.5,"mode":"Medium","tags":[],"when":"today"}}
        """;
    assertEquals(List.of(
        "spec.cronSpec: Invalid value: \"bad\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
        "spec.image: Invalid value: \"a\": spec.image in body should be at least 2 chars long",
        "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10",
        "spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5",
        "spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\"",
        "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items",
        "spec.when: Invalid value: \"today\": spec.when in body must be of type date-time: \"today\""), errors(obj));
  }

  @Test
  void shouldReportTooLongAndTooMany() {
    assertEquals(List.of("spec.image: Too long: may not be more than 5 bytes",
        "spec.tags: Too many: 3: must have at most 2 items", "spec.tags[1]: Invalid value: \"integer\": "
            + "spec.tags[1] in body must be of type string: \"integer\""),
        errors("{\"spec\":{\"cronSpec\":\"* * * * *\",\"image\":\"abcdef\",\"tags\":[\"a\",1,\"c\"]}}").stream()
            .sorted().toList());
  }

  @Test
  void shouldAcceptIntOrStringNullableAndIntegralFloats() {
    assertEquals(List.of(), errors("{\"spec\":{\"cronSpec\":\"* * * * *\",\"port\":\"http\",\"note\":null,\"count\":3.0}}"));
    assertEquals(List.of(), errors("{\"spec\":{\"cronSpec\":\"* * * * *\",\"port\":8080,\"when\":\"2024-01-02T03:04:05Z\"}}"));
    assertEquals(List.of("spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\""),
        errors("{\"spec\":{\"cronSpec\":\"* * * * *\",\"port\":true}}"));
    assertEquals(List.of("spec.count: Invalid value: \"number\": spec.count in body must be of type integer: \"number\""),
        errors("{\"spec\":{\"cronSpec\":\"* * * * *\",\"count\":2.5}}"));
  }

  @Test
  void shouldValidateTheStatusRelativeToItself() {
    JsonNode schema = Json.parse("{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"object\","
        + "\"properties\":{\"replicas\":{\"type\":\"integer\"}}}}}");
    assertEquals(List.of("status.replicas: Invalid value: \"string\": replicas in body must be of type integer: \"string\""),
        SchemaValidator.validateStatus(schema, Json.parse("{\"replicas\":\"x\"}")).stream().map(FieldError::render).toList());
  }
}
