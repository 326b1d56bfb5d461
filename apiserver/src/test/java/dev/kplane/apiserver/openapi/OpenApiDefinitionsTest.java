package dev.kplane.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDefinitionsTest {
  private static final OpenApi API = new OpenApi(ResourceRegistry.builtin(), (definition, property) ->
      definition.equals("io.k8s.api.core.v1.PodSpec") && property.equals("containers")
          ? Map.of("x-kubernetes-patch-merge-key", TextNode.valueOf("name"),
              "x-kubernetes-patch-strategy", TextNode.valueOf("merge"))
          : Map.of());
  private static final JsonNode V2 = Json.parse(new String(API.v2Json()));
  private static final JsonNode DEFS = V2.get("definitions");

  private static JsonNode def(String name) {
    JsonNode d = DEFS.get(name);
    assertNotNull(d, name);
    return d;
  }

  @Test
  void deploymentHasItsPropertiesRefsAndGroupVersionKind() {
    JsonNode d = def("io.k8s.api.apps.v1.Deployment");
    assertEquals("Deployment enables declarative updates for Pods and ReplicaSets.", d.get("description").asText());
    assertEquals("object", d.get("type").asText());
    assertEquals(List.of("apiVersion", "kind", "metadata", "spec", "status"), names(d.get("properties")));
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        d.at("/properties/metadata/$ref").asText());
    assertEquals("#/definitions/io.k8s.api.apps.v1.DeploymentSpec", d.at("/properties/spec/$ref").asText());
    assertEquals("string", d.at("/properties/kind/type").asText());
    assertTrue(d.at("/properties/kind/description").asText().startsWith("Kind is a string value"));
    assertEquals(Json.parse("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]"),
        d.get("x-kubernetes-group-version-kind"));
    assertEquals("DeploymentList", def("io.k8s.api.apps.v1.DeploymentList")
        .at("/x-kubernetes-group-version-kind/0/kind").asText());
  }

  @Test
  void deploymentSpecTypesAndRequiredFields() {
    JsonNode spec = def("io.k8s.api.apps.v1.DeploymentSpec");
    assertEquals(Json.parse("[\"selector\",\"template\"]"), spec.get("required"));
    assertEquals("integer", spec.at("/properties/replicas/type").asText());
    assertEquals("int32", spec.at("/properties/replicas/format").asText());
    assertEquals("boolean", spec.at("/properties/paused/type").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
        spec.at("/properties/selector/$ref").asText());
    assertEquals("#/definitions/io.k8s.api.core.v1.PodTemplateSpec", spec.at("/properties/template/$ref").asText());
    JsonNode rolling = def("io.k8s.api.apps.v1.RollingUpdateDeployment");
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        rolling.at("/properties/maxSurge/$ref").asText());
    assertEquals("int-or-string", def("io.k8s.apimachinery.pkg.util.intstr.IntOrString").get("format").asText());
  }

  @Test
  void podArraysMapsQuantitiesAndTimes() {
    JsonNode podSpec = def("io.k8s.api.core.v1.PodSpec");
    assertEquals("array", podSpec.at("/properties/containers/type").asText());
    assertEquals("#/definitions/io.k8s.api.core.v1.Container", podSpec.at("/properties/containers/items/$ref").asText());
    assertEquals("object", podSpec.at("/properties/nodeSelector/type").asText());
    assertEquals("string", podSpec.at("/properties/nodeSelector/additionalProperties/type").asText());
    assertEquals(Json.parse("[\"containers\"]"), podSpec.get("required"));
    assertEquals("int64", podSpec.at("/properties/terminationGracePeriodSeconds/format").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity",
        def("io.k8s.api.core.v1.ResourceRequirements").at("/properties/limits/additionalProperties/$ref").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time",
        def("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").at("/properties/creationTimestamp/$ref").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
        def("io.k8s.api.coordination.v1.LeaseSpec").at("/properties/renewTime/$ref").asText());
    assertEquals("byte", def("io.k8s.api.core.v1.Secret").at("/properties/data/additionalProperties/format").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
        def("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry").at("/properties/fieldsV1/$ref").asText());
    assertEquals(Json.parse("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]"),
        def("io.k8s.api.core.v1.Pod").get("x-kubernetes-group-version-kind"));
  }

  @Test
  void serviceDefinitions() {
    JsonNode port = def("io.k8s.api.core.v1.ServicePort");
    assertEquals(Json.parse("[\"port\"]"), port.get("required"));
    assertEquals("int32", port.at("/properties/port/format").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        port.at("/properties/targetPort/$ref").asText());
    assertTrue(port.at("/properties/port/description").asText().startsWith("The port that will be exposed"));
    assertEquals("#/definitions/io.k8s.api.core.v1.ServicePort",
        def("io.k8s.api.core.v1.ServiceSpec").at("/properties/ports/items/$ref").asText());
  }

  @Test
  void groupsOfSharedAndNestedTypes() {
    def("io.k8s.api.core.v1.Event");
    assertEquals("Event", def("io.k8s.api.events.v1.Event").at("/x-kubernetes-group-version-kind/0/kind").asText());
    assertEquals("events.k8s.io", def("io.k8s.api.events.v1.Event").at("/x-kubernetes-group-version-kind/0/group")
        .asText());
    def("io.k8s.api.core.v1.EndpointPort");
    def("io.k8s.api.discovery.v1.EndpointPort");
    def("io.k8s.api.rbac.v1.Subject");
    def("io.k8s.api.core.v1.TopologySelectorTerm");
    def("io.k8s.api.autoscaling.v1.Scale");
    def("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");
    assertFalse(DEFS.has("io.k8s.api.storage.v1.TopologySelectorTerm"));
    assertFalse(DEFS.has("io.k8s.api.apps.v1.PodSpec"));
  }

  @Test
  void everyBuiltinKindAndEveryReferenceResolves() {
    for (ResourceType t : BuiltinResources.ALL_TYPES) {
      boolean found = false;
      for (JsonNode d : DEFS) {
        for (JsonNode gvk : d.path("x-kubernetes-group-version-kind")) {
          found |= gvk.get("group").asText().equals(t.group()) && gvk.get("kind").asText().equals(t.kind());
        }
      }
      assertTrue(found, t.kind());
    }
    List<String> dangling = new ArrayList<>();
    V2.findValues("$ref").forEach(r -> {
      if (r.isTextual() && !DEFS.has(r.asText().substring("#/definitions/".length()))) {
        dangling.add(r.asText());
      }
    });
    assertEquals(List.of(), dangling);
  }

  @Test
  void patchExtensionsLandOnTheProperty() {
    JsonNode containers = def("io.k8s.api.core.v1.PodSpec").at("/properties/containers");
    assertEquals("name", containers.get("x-kubernetes-patch-merge-key").asText());
    assertEquals("merge", containers.get("x-kubernetes-patch-strategy").asText());
    assertFalse(def("io.k8s.api.core.v1.PodSpec").at("/properties/volumes").has("x-kubernetes-patch-strategy"));
  }

  @Test
  void generationIsDeterministic() {
    OpenApi again = new OpenApi(ResourceRegistry.builtin(), PatchExtensions.NONE);
    OpenApi other = new OpenApi(ResourceRegistry.builtin(), PatchExtensions.NONE);
    assertEquals(again.v2Etag(), other.v2Etag());
    assertEquals(again.v3Index(), other.v3Index());
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
