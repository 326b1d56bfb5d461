package dev.kplane.apiserver.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

class PruningAndDefaultingTest {
  private static final JsonNode SCHEMA = Json.parse("""
      {"type":"object","properties":{
        "spec":{"type":"object","properties":{
          "replicas":{"type":"integer","default":1},
          "image":{"type":"string"},
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
          "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}},
          "ports":{"type":"array","items":{"type":"object","properties":{"port":{"type":"integer"},"protocol":{"type":"string","default":"TCP"}}}},
          "opt":{"type":"string"}}},
        "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}
      """);

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.parse(json);
  }

  @Test
  void shouldPruneUnknownFieldsButKeepMetaAndPreservedOnes() {
    ObjectNode o = obj("""
        {"apiVersion":"a/v1","kind":"K","metadata":{"name":"x","labels":{"l":"v"}},"extra":1,
         "spec":{"image":"i","bogus":true,"labels":{"k":"v"},
           "free":{"anything":{"deep":1},"known":{"a":"x","b":"dropped"}},
           "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"junk":1},
           "ports":[{"port":80,"name":"dropped"}],"opt":null},
         "status":{"phase":"Running","junk":1}}
        """);
    Pruning.prune(o, SCHEMA);
    assertEquals(obj("""
        {"apiVersion":"a/v1","kind":"K","metadata":{"name":"x","labels":{"l":"v"}},
         "spec":{"image":"i","labels":{"k":"v"},
           "free":{"anything":{"deep":1},"known":{"a":"x"}},
           "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}},
           "ports":[{"port":80}]},
         "status":{"phase":"Running"}}
        """), o);
  }

  @Test
  void shouldApplyDefaultsToAbsentAndNullFieldsAndListItems() {
    ObjectNode o = obj("{\"spec\":{\"replicas\":null,\"ports\":[{\"port\":80},{\"port\":81,\"protocol\":\"UDP\"}]}}");
    Defaulting.apply(o, SCHEMA);
    assertEquals(obj("{\"spec\":{\"replicas\":1,\"ports\":[{\"port\":80,\"protocol\":\"TCP\"},"
        + "{\"port\":81,\"protocol\":\"UDP\"}]}}"), o);
  }

  @Test
  void shouldNotDefaultInsideAnAbsentParent() {
    ObjectNode o = obj("{\"metadata\":{\"name\":\"x\"}}");
    Defaulting.apply(o, SCHEMA);
    assertEquals(obj("{\"metadata\":{\"name\":\"x\"}}"), o);
  }
}
