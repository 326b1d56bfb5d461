package dev.kplane.controllers.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceDeleterTest {
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType DEPLOYMENTS = BuiltinResources.find("apps", "deployments").orElseThrow();
  static final Instant NOW = Instant.parse("2026-01-01T00:00:05Z");
  static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(3);

  static ObjectNode terminating() {
    return (ObjectNode) Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns\","
        + "\"deletionTimestamp\":\"2026-01-01T00:00:00Z\",\"resourceVersion\":\"9\"},"
        + "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Terminating\"}}");
  }

  static String condition(JsonNode ns, String type, String field) {
    for (JsonNode c : ns.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path(field).asText();
      }
    }
    return null;
  }

  @Test
  void shouldDoNothingForALiveNamespace() {
    ObjectNode ns = terminating();
    ((ObjectNode) ns.get("metadata")).remove("deletionTimestamp");
    var plan = NamespaceDeleter.plan(ns, List.of(new Content(PODS, "p", "u", List.of(), false)), NOW, SETTLE);
    assertFalse(plan.deleteContent());
    assertNull(plan.status());
    assertFalse(plan.finalizeNow());
  }

  @Test
  void shouldDeleteContentAndReportWhatLingers() {
    Content live = new Content(DEPLOYMENTS, "d", "u1", List.of(), false);
    Content lingering = new Content(PODS, "p", "u2", List.of("example.com/hold"), true);
    Content lingering2 = new Content(PODS, "q", "u3", List.of(), true);
    var plan = NamespaceDeleter.plan(terminating(), List.of(live, lingering, lingering2), NOW, SETTLE);
    assertTrue(plan.deleteContent());
    assertFalse(plan.finalizeNow());
    assertEquals("True", condition(plan.status(), "NamespaceContentRemaining", "status"));
    assertEquals("Some resources are remaining: pods. has 2 resource instances",
        condition(plan.status(), "NamespaceContentRemaining", "message"));
    assertEquals("SomeFinalizerRemain", condition(plan.status(), "NamespaceFinalizersRemaining", "reason"));
    assertEquals("Some finalizers are remaining: example.com/hold in 1 resource instances",
        condition(plan.status(), "NamespaceFinalizersRemaining", "message"));
    assertEquals("ResourcesDiscovered", condition(plan.status(), "NamespaceDeletionDiscoveryFailure", "reason"));
    assertEquals("False", condition(plan.status(), "NamespaceDeletionContentFailure", "status"));
  }

  @Test
  void shouldFinalizeAnEmptyNamespaceAndNotRewriteUnchangedConditions() {
    var early = NamespaceDeleter.plan(terminating(), List.of(), Instant.parse("2026-01-01T00:00:01Z"), SETTLE);
    assertFalse(early.finalizeNow());
    assertEquals(java.time.Duration.ofSeconds(2), early.recheckAfter());
    var first = NamespaceDeleter.plan(terminating(), List.of(), NOW, SETTLE);
    assertTrue(first.finalizeNow());
    assertEquals("All content successfully removed", condition(first.status(), "NamespaceContentRemaining", "message"));
    var second = NamespaceDeleter.plan(first.status(), List.of(), NOW.plusSeconds(5), SETTLE);
    assertNull(second.status());
    assertEquals("[]", NamespaceDeleter.finalized(first.status()).path("spec").path("finalizers").toString());
  }

  @Test
  void shouldKeepTheTransitionTimeUnlessTheStatusFlips() {
    Content lingering = new Content(PODS, "p", "u2", List.of(), true);
    ObjectNode ok = NamespaceDeleter.plan(terminating(), List.of(), NOW, SETTLE).status();
    ObjectNode remaining = NamespaceDeleter.plan(ok, List.of(lingering), NOW.plusSeconds(10), SETTLE).status();
    assertEquals("2026-01-01T00:00:15Z", condition(remaining, "NamespaceContentRemaining", "lastTransitionTime"));
    assertEquals("2026-01-01T00:00:05Z", condition(remaining, "NamespaceDeletionDiscoveryFailure", "lastTransitionTime"));
  }

  @Test
  void shouldLeaveANamespaceWithoutItsFinalizerAlone() {
    ObjectNode ns = terminating();
    ns.with("spec").putArray("finalizers");
    var plan = NamespaceDeleter.plan(ns, List.of(new Content(PODS, "p", "u", List.of(), false)), NOW, SETTLE);
    assertFalse(plan.deleteContent());
    assertFalse(plan.finalizeNow());
  }
}
