package dev.kplane.controllers.serviceaccount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

class ServiceAccountsDeciderTest {
  @Test
  void shouldCreateTheDefaultAccountOnlyWhereItIsMissingInAnActiveNamespace() {
    var ns = Json.parse("{\"metadata\":{\"name\":\"a\"},\"status\":{\"phase\":\"Active\"}}");
    assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"default\",\"namespace\":\"a\"}}",
        ServiceAccountsDecider.missing(ns, null).orElseThrow().toString());
    assertTrue(ServiceAccountsDecider.missing(ns, Json.parse("{}")).isEmpty());
    assertTrue(ServiceAccountsDecider.missing(null, null).isEmpty());
    var terminating = Json.parse("{\"metadata\":{\"name\":\"a\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"}}");
    assertTrue(ServiceAccountsDecider.missing(terminating, null).isEmpty());
  }
}
