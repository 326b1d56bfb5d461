package dev.kplane.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiPathsTest {
  private static final OpenApi API = new OpenApi(ResourceRegistry.builtin(), PatchExtensions.NONE);
  private static final JsonNode PATHS = Json.parse(new String(API.v2Json())).get("paths");
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";

  private static List<String> paramNames(JsonNode op) {
    List<String> out = new ArrayList<>();
    op.get("parameters").forEach(p -> out.add(p.get("name").asText()));
    return out;
  }

  @Test
  void itemOperationsCarryActionKindAndWriteParameters() {
    JsonNode item = PATHS.get(DEPLOYMENT);
    assertEquals(List.of("name", "namespace", "pretty"), paramNames(item));
    JsonNode patch = item.get("patch");
    assertEquals("patch", patch.get("x-kubernetes-action").asText());
    assertEquals(Json.parse("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}"),
        patch.get("x-kubernetes-group-version-kind"));
    assertEquals("patchAppsV1NamespacedDeployment", patch.get("operationId").asText());
    assertEquals(List.of("body", "dryRun", "fieldManager", "fieldValidation", "force"), paramNames(patch));
    assertEquals("query", patch.at("/parameters/3/in").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", patch.at("/parameters/0/schema/$ref")
        .asText());
    assertTrue(patch.get("consumes").toString().contains("application/strategic-merge-patch+json"));
    assertTrue(patch.get("consumes").toString().contains("application/apply-patch+yaml"));
    assertEquals(List.of("body", "dryRun", "fieldManager", "fieldValidation"), paramNames(item.get("put")));
    assertEquals("put", item.at("/put/x-kubernetes-action").asText());
    assertEquals("get", item.at("/get/x-kubernetes-action").asText());
    assertEquals("delete", item.at("/delete/x-kubernetes-action").asText());
    assertEquals("#/definitions/io.k8s.api.apps.v1.Deployment", item.at("/get/responses/200/schema/$ref").asText());
  }

  @Test
  void collectionListCreateAndDeleteCollection() {
    JsonNode c = PATHS.get("/apis/apps/v1/namespaces/{namespace}/deployments");
    assertEquals("list", c.at("/get/x-kubernetes-action").asText());
    assertEquals("#/definitions/io.k8s.api.apps.v1.DeploymentList", c.at("/get/responses/200/schema/$ref").asText());
    assertTrue(paramNames(c.get("get")).containsAll(List.of("labelSelector", "fieldSelector", "limit", "watch")));
    assertEquals("post", c.at("/post/x-kubernetes-action").asText());
    assertTrue(paramNames(c.get("post")).contains("fieldValidation"));
    assertEquals("deletecollection", c.at("/delete/x-kubernetes-action").asText());
    assertEquals("deleteAppsV1CollectionNamespacedDeployment", c.at("/delete/operationId").asText());
    assertEquals("listAppsV1DeploymentForAllNamespaces",
        PATHS.at("/~1apis~1apps~1v1~1deployments/get/operationId").asText());
    assertEquals("watchlist",
        PATHS.at("/~1apis~1apps~1v1~1watch~1namespaces~1{namespace}~1deployments/get/x-kubernetes-action").asText());
  }

  @Test
  void subresourcesAndClusterScopedPaths() {
    JsonNode scale = PATHS.get(DEPLOYMENT + "/scale");
    assertEquals("Scale", scale.at("/patch/x-kubernetes-group-version-kind/kind").asText());
    assertEquals("autoscaling", scale.at("/patch/x-kubernetes-group-version-kind/group").asText());
    assertEquals("#/definitions/io.k8s.api.autoscaling.v1.Scale", scale.at("/put/parameters/0/schema/$ref").asText());
    JsonNode status = PATHS.get(DEPLOYMENT + "/status");
    assertEquals("patchAppsV1NamespacedDeploymentStatus", status.at("/patch/operationId").asText());
    assertTrue(paramNames(status.get("patch")).contains("fieldValidation"));
    JsonNode ns = PATHS.get("/api/v1/namespaces/{name}");
    assertEquals(List.of("name", "pretty"), paramNames(ns));
    assertEquals("readCoreV1Namespace", ns.at("/get/operationId").asText());
    assertNull(PATHS.get("/api/v1/watch/namespaces/{namespace}/namespaces"));
    assertEquals("listRbacAuthorizationV1ClusterRole",
        PATHS.at("/~1apis~1rbac.authorization.k8s.io~1v1~1clusterroles/get/operationId").asText());
    assertFalse(PATHS.has("/api/v1/namespaces/{namespace}/pods/{name}/log"));
  }

  @Test
  void v3DocumentHasPatchParameterRequestBodyAndWrappedRefs() {
    JsonNode doc = API.v3("apis/apps/v1");
    assertEquals("3.0.0", doc.get("openapi").asText());
    JsonNode patch = doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
    boolean fieldValidation = false;
    for (JsonNode p : patch.get("parameters")) {
      fieldValidation |= p.get("name").asText().equals("fieldValidation") && p.get("in").asText().equals("query");
      assertTrue(p.at("/schema/type").isTextual(), p.toString());
    }
    assertTrue(fieldValidation);
    assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
        patch.at("/requestBody/content/application~1merge-patch+json/schema/$ref").asText());
    assertEquals("#/components/schemas/io.k8s.api.apps.v1.Deployment",
        patch.at("/responses/200/content/application~1json/schema/$ref").asText());
    JsonNode schemas = doc.at("/components/schemas");
    assertEquals("Deployment", schemas.at("/io.k8s.api.apps.v1.Deployment/x-kubernetes-group-version-kind/0/kind")
        .asText());
    // A reference with a description beside it is wrapped in allOf, as kube publishes it.
    JsonNode targetPort = API.v3("api/v1").at("/components/schemas/io.k8s.api.core.v1.ServicePort/properties/targetPort");
    assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        targetPort.at("/allOf/0/$ref").asText());
    assertFalse(targetPort.get("description").asText().isEmpty());
    assertNotNull(schemas.get("io.k8s.api.autoscaling.v1.Scale"));
    assertNotNull(schemas.get("io.k8s.api.core.v1.PodSpec"));
    assertNull(schemas.get("io.k8s.api.batch.v1.Job"), "only what the group's paths reach");
    assertFalse(doc.toString().contains("#/definitions/"));
  }

  @Test
  void v3IndexHashesTheServedDocuments() {
    JsonNode index = API.v3Index().get("paths");
    List<String> expected = new ArrayList<>();
    for (ResourceType t : BuiltinResources.ALL_TYPES) {
      String gv = t.group().isEmpty() ? "api/v1" : "apis/" + t.group() + "/v1";
      if (!expected.contains(gv)) {
        expected.add(gv);
      }
    }
    List<String> served = new ArrayList<>();
    index.fieldNames().forEachRemaining(served::add);
    assertEquals(expected.stream().sorted().toList(), served);
    String url = index.at("/apis~1apps~1v1/serverRelativeURL").asText();
    assertEquals("/openapi/v3/apis/apps/v1?hash=" + OpenApi.sha512(API.v3Json("apis/apps/v1")), url);
    assertEquals(128, API.v3Hash("apis/apps/v1").length());
    assertNull(API.v3("apis/nope/v1"));
  }

  @Test
  void invalidateRebuildsPathsForNewTypes() {
    ResourceRegistry registry = new ResourceRegistry(List.of(BuiltinResources.find("", "pods").orElseThrow()));
    OpenApi api = new OpenApi(registry, PatchExtensions.NONE);
    String before = api.v2Etag();
    assertNull(api.v3("apis/apps/v1"));
    ResourceRegistry bigger = new ResourceRegistry(List.of(BuiltinResources.find("", "pods").orElseThrow(),
        BuiltinResources.find("apps", "deployments").orElseThrow()));
    OpenApi api2 = new OpenApi(bigger, PatchExtensions.NONE);
    assertNotEquals(before, api2.v2Etag());
    api.invalidate();
    assertEquals(before, api.v2Etag(), "same registry, same document");
    assertNotNull(api2.v3("apis/apps/v1"));
  }

  @Test
  void acceptNegotiation() {
    List<String> v2 = List.of("application/json", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
    assertEquals(v2.get(1), OpenApiEndpoint.negotiate("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", v2));
    assertEquals(v2.get(0), OpenApiEndpoint.negotiate("*/*", v2));
    assertEquals(v2.get(1), OpenApiEndpoint.negotiate(
        "application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", v2));
    assertNull(OpenApiEndpoint.negotiate("text/html", v2));
    assertNull(OpenApiEndpoint.negotiate("application/json;q=0", v2));
  }
}
