package dev.kplane.controllers.replicaset;

import static dev.kplane.controllers.Fixtures.pod;
import static dev.kplane.controllers.Fixtures.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerDriver;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaSetControllerTest {
  private static final ResourceType RS = BuiltinResources.find("apps", "replicasets").orElseThrow();
  private static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  private final ControllerDriver driver = new ControllerDriver(new ReplicaSetController());

  @AfterEach
  void close() {
    driver.close();
  }

  private static List<Request> verb(List<Request> requests, String verb) {
    return requests.stream().filter(r -> r.getVerb().equals(verb)).toList();
  }

  private static ObjectNode body(Request r) {
    return (ObjectNode) Json.parse(r.getBody());
  }

  @Test
  void shouldCreateNamedPodsOnceUntilTheyAreObserved() {
    ObjectNode rs = replicaSet("web", 3);
    driver.put(RS, rs);
    driver.advance();
    List<Request> creates = verb(driver.requests(), "create");
    assertEquals(3, creates.size());
    for (Request c : creates) {
      ObjectNode pod = body(c);
      assertTrue(pod.path("metadata").path("name").asText().matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}"));
      assertEquals("web-", pod.path("metadata").path("generateName").asText());
      assertEquals("uid-web", pod.path("metadata").path("ownerReferences").path(0).path("uid").asText());
      assertEquals("/api/v1/namespaces/ns/pods", c.getPath());
    }
    // A change of the ReplicaSet before the pods show up: the expectations hold further creates back.
    driver.put(RS, rs);
    driver.advance();
    assertTrue(verb(driver.requests(), "create").isEmpty());

    for (Request c : creates) {
      driver.put(PODS, body(c).put("status", "x").without("status"));
    }
    driver.advance();
    List<Request> after = driver.requests();
    assertTrue(verb(after, "create").isEmpty());
    List<Request> status = verb(after, "update");
    assertEquals(1, status.size());
    assertEquals("/apis/apps/v1/namespaces/ns/replicasets/web/status", status.get(0).getPath());
    assertEquals(3, body(status.get(0)).path("status").path("replicas").asInt());
  }

  @Test
  void shouldCreateAgainWhenExpectationsExpire() {
    driver.put(RS, replicaSet("web", 2));
    driver.advance();
    assertEquals(2, verb(driver.requests(), "create").size());
    driver.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertEquals(2, verb(driver.requests(), "create").size());
  }

  @Test
  void shouldDeleteSurplusPodsWithUidPreconditions() {
    ObjectNode rs = replicaSet("web", 1);
    driver.put(PODS, pod("a", "web", rs));
    driver.put(PODS, pod("b", "web", rs));
    driver.put(RS, rs);
    driver.advance();
    List<Request> deletes = verb(driver.requests(), "delete");
    assertEquals(1, deletes.size());
    assertTrue(body(deletes.get(0)).path("preconditions").path("uid").asText().startsWith("uid-"));
    // Until the pod is seen gone, no second delete.
    driver.put(RS, rs);
    driver.advance();
    assertTrue(verb(driver.requests(), "delete").isEmpty());
  }

  @Test
  void shouldAdoptOrphansByPatch() {
    driver.put(PODS, pod("orphan", "web", null));
    driver.put(RS, replicaSet("web", 1));
    driver.advance();
    List<Request> requests = driver.requests();
    assertTrue(verb(requests, "create").isEmpty());
    List<Request> patches = verb(requests, "patch");
    assertEquals(1, patches.size());
    assertEquals("/api/v1/namespaces/ns/pods/orphan", patches.get(0).getPath());
    assertEquals("uid-web", body(patches.get(0)).path("metadata").path("ownerReferences").path(0).path("uid").asText());
  }

  @Test
  void shouldForgetADeletedReplicaSet() {
    ObjectNode rs = replicaSet("web", 2);
    driver.put(RS, rs);
    driver.advance();
    assertEquals(2, verb(driver.requests(), "create").size());
    driver.delete(RS, rs);
    driver.advance(Duration.ofMinutes(6));
    assertTrue(driver.requests().isEmpty());
  }

  @Test
  void shouldReportReplicaFailureAndRetryWhenCreatesAreRefused() {
    driver.put(RS, replicaSet("web", 2));
    driver.advance();
    List<Request> creates = verb(driver.requests(), "create");
    assertEquals(2, creates.size());
    String message = "pods \"x\" is forbidden: exceeded quota";
    driver.reply(creates.get(0), 403, message);
    driver.advance();
    List<Request> status = verb(driver.requests(), "update");
    assertEquals(1, status.size());
    var condition = body(status.get(0)).path("status").path("conditions").path(0);
    assertEquals("ReplicaFailure", condition.path("type").asText());
    assertEquals("FailedCreate", condition.path("reason").asText());
    assertEquals(message, condition.path("message").asText());
    // the other create fails too: nothing more is expected, so the next sync creates again
    driver.reply(creates.get(1), 403, message);
    driver.advance();
    assertEquals(2, verb(driver.requests(), "create").size());
  }

  @Test
  void shouldIgnoreFailedRepliesToRequestsNoControllerTagged() {
    // the door answers every in-cluster component; most request ids carry no controller's tag
    Request untagged = dev.kplane.schemas.ApiRequests.delete("/api/v1/namespaces/ns/pods/x",
        dev.kplane.schemas.Json.MAPPER.createObjectNode(), "system:serviceaccount:kube-system:someone");
    driver.reply(untagged, 404, "pods \"x\" not found");
    driver.put(RS, replicaSet("web", 2));
    driver.advance();
    assertEquals(2, verb(driver.requests(), "create").size());
  }
}
