package dev.kplane.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decodes the served protobuf with protobuf-java's schema-less parser and checks it by gnostic's OpenAPIv2.proto
 * field numbers, independently of the encoder.
 */
class V2ProtobufTest {
  private static final OpenApi API = new OpenApi(ResourceRegistry.builtin(), PatchExtensions.NONE);
  private static final UnknownFieldSet DOC = parse(ByteString.copyFrom(API.v2Protobuf()));
  private static final JsonNode JSON = Json.parse(new String(API.v2Json()));

  private static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static List<ByteString> all(UnknownFieldSet m, int field) {
    return m.hasField(field) ? m.getField(field).getLengthDelimitedList() : List.of();
  }

  private static UnknownFieldSet message(UnknownFieldSet m, int field) {
    List<ByteString> v = all(m, field);
    assertEquals(1, v.size(), "field " + field);
    return parse(v.get(0));
  }

  private static String string(UnknownFieldSet m, int field) {
    List<ByteString> v = all(m, field);
    return v.isEmpty() ? "" : v.get(0).toStringUtf8();
  }

  /** The value of the named entry of a repeated Named* field (name = 1, value = 2). */
  private static UnknownFieldSet named(UnknownFieldSet m, int field, String name) {
    for (ByteString b : all(m, field)) {
      UnknownFieldSet entry = parse(b);
      if (string(entry, 1).equals(name)) {
        return message(entry, 2);
      }
    }
    throw new AssertionError("no entry " + name + " in field " + field);
  }

  @Test
  void documentHeaderAndEveryDefinition() {
    assertEquals("2.0", string(DOC, 1));
    assertEquals("Kubernetes", string(message(DOC, 2), 1));
    assertEquals(JSON.get("definitions").size(), all(message(DOC, 9), 1).size());
    assertEquals(JSON.get("paths").size(), all(message(DOC, 8), 2).size());
  }

  @Test
  void deploymentSchemaRoundTrips() {
    UnknownFieldSet deployment = named(message(DOC, 9), 1, "io.k8s.api.apps.v1.Deployment");
    assertEquals("Deployment enables declarative updates for Pods and ReplicaSets.", string(deployment, 4));
    assertEquals("object", string(message(deployment, 22), 1));
    UnknownFieldSet spec = named(message(deployment, 25), 1, "spec");
    assertEquals("#/definitions/io.k8s.api.apps.v1.DeploymentSpec", string(spec, 1));
    UnknownFieldSet gvk = named(deployment, 31, "x-kubernetes-group-version-kind");
    assertEquals(Json.parse("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]"),
        yaml(string(gvk, 2)));

    UnknownFieldSet deploymentSpec = named(message(DOC, 9), 1, "io.k8s.api.apps.v1.DeploymentSpec");
    List<String> required = all(deploymentSpec, 19).stream().map(ByteString::toStringUtf8).toList();
    assertEquals(List.of("selector", "template"), required);
    UnknownFieldSet replicas = named(message(deploymentSpec, 25), 1, "replicas");
    assertEquals("int32", string(replicas, 2));
    assertEquals("integer", string(message(replicas, 22), 1));
  }

  @Test
  void arraysAndMapsRoundTrip() {
    UnknownFieldSet podSpec = named(message(DOC, 9), 1, "io.k8s.api.core.v1.PodSpec");
    UnknownFieldSet containers = named(message(podSpec, 25), 1, "containers");
    assertEquals("array", string(message(containers, 22), 1));
    UnknownFieldSet item = message(message(containers, 23), 1);
    assertEquals("#/definitions/io.k8s.api.core.v1.Container", string(item, 1));
    UnknownFieldSet nodeSelector = named(message(podSpec, 25), 1, "nodeSelector");
    UnknownFieldSet value = message(message(nodeSelector, 21), 1);
    assertEquals("string", string(message(value, 22), 1));
  }

  @Test
  void patchOperationListsFieldValidationAsAQueryParameter() {
    UnknownFieldSet item = named(message(DOC, 8), 2, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
    UnknownFieldSet patch = message(item, 8);
    assertEquals("patchAppsV1NamespacedDeployment", string(patch, 5));
    assertEquals(Json.parse("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}"),
        yaml(string(named(patch, 13, "x-kubernetes-group-version-kind"), 2)));
    boolean found = false;
    for (ByteString p : all(patch, 8)) {
      UnknownFieldSet parameter = message(parse(p), 1);
      if (parameter.hasField(2)) {
        UnknownFieldSet query = message(message(parameter, 2), 3);
        found |= string(query, 4).equals("fieldValidation") && string(query, 2).equals("query")
            && string(query, 6).equals("string");
      } else {
        UnknownFieldSet body = message(parameter, 1);
        assertEquals("body", string(body, 3));
        assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", string(message(body, 5), 1));
      }
    }
    assertTrue(found);
    UnknownFieldSet ok = named(message(patch, 9), 1, "200");
    assertEquals("#/definitions/io.k8s.api.apps.v1.Deployment", string(message(message(message(ok, 1), 2), 1), 1));
    UnknownFieldSet namePath = message(message(parse(all(item, 9).get(0)), 1), 2);
    UnknownFieldSet name = message(namePath, 4);
    assertEquals("name", string(name, 4));
    assertEquals(1, name.getField(1).getVarintList().get(0));
  }

  private static JsonNode yaml(String text) {
    try {
      return Json.YAML.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
