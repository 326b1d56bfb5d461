package dev.kplane.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiRequestsTest {
  private static final String POD = "{\"metadata\":{\"name\":\"web-abcde\"}}";

  @Test
  void shouldKeyRequestsByTheObjectTheyAreAbout() {
    assertEquals("default/web-abcde", ApiRequests.key(ApiRequests.create("/api/v1/namespaces/default/pods", Json.parse(POD), "u")));
    assertEquals("default/web-abcde", ApiRequests.key(ApiRequests.create("/api/v1/namespaces/default/pods/web-abcde/binding", Json.parse("{}"), "u")));
    assertEquals("default/web-abcde", ApiRequests.key(ApiRequests.update("/api/v1/namespaces/default/pods/web-abcde/status", Json.parse(POD), "u")));
    assertEquals("ns/d", ApiRequests.key(ApiRequests.patch("/apis/apps/v1/namespaces/ns/deployments/d?fieldManager=x", ApiRequests.MERGE_PATCH, Json.parse("{}"), "u")));
    assertEquals("n1", ApiRequests.key(ApiRequests.create("/api/v1/nodes", Json.parse("{\"metadata\":{\"name\":\"n1\"}}"), "u")));
    assertEquals("team-a", ApiRequests.key(ApiRequests.update("/api/v1/namespaces/team-a/finalize", Json.parse("{}"), "u")));
    assertEquals("team-a", ApiRequests.key(ApiRequests.delete("/api/v1/namespaces/team-a", null, "u")));
    assertEquals("team-a", ApiRequests.key(ApiRequests.create("/api/v1/namespaces", Json.parse("{\"metadata\":{\"name\":\"team-a\"}}"), "u")));
  }

  @Test
  void shouldBuildRestPaths() {
    ResourceType deployments = BuiltinResources.find("apps", "deployments").orElseThrow();
    ResourceType nodes = BuiltinResources.find("", "nodes").orElseThrow();
    assertEquals("/apis/apps/v1/namespaces/ns/deployments/d", ApiRequests.objectPath(deployments, "ns", "d"));
    assertEquals("/api/v1/nodes", ApiRequests.collectionPath(nodes, null));
  }
}
