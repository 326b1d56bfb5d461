package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.AuditEvent;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every mutation attempt that reaches the store is in the audit topic: who, what, outcome, old and new RV. */
@ExtendWith(SharedKafka.class)
class AuditIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";

  @Test
  void shouldAuditEveryMutationWithItsPrincipalOutcomeAndVersions() throws Exception {
    try (TestApi api = TestApi.start("audit")) {
      var created = api.post(CMS, TestApi.configMap("audited", "a", "1")).body();
      long v1 = Long.parseLong(created.path("metadata").path("resourceVersion").asText());
      var updated = api.put(CMS + "/audited", TestApi.configMap("audited", "a", "2")).body();
      long v2 = Long.parseLong(updated.path("metadata").path("resourceVersion").asText());
      assertEquals(409, api.post(CMS, TestApi.configMap("audited", "a", "3")).code());
      assertEquals(200, api.delete(CMS + "/audited", null).code());

      List<AuditEvent> audit = TopicReader.readCommitted(SharedKafka.bootstrapServers(), api.prefix + ".audit").stream()
          .filter(r -> r.key().equals("default/audited")).map(r -> Records.auditEvent(r.value())).toList();
      assertEquals(List.of("create", "update", "create", "delete"), audit.stream().map(AuditEvent::getVerb).toList());
      assertEquals(List.of("APPLIED", "APPLIED", "ALREADY_EXISTS", "APPLIED"), audit.stream().map(AuditEvent::getOutcome).toList());
      assertEquals(List.of(201, 200, 409, 200), audit.stream().map(AuditEvent::getCode).toList());
      audit.forEach(a -> assertEquals("system:anonymous", a.getPrincipal()));
      assertEquals(v1, audit.get(0).getNewResourceVersion());
      assertEquals(v1, audit.get(1).getOldResourceVersion());
      assertEquals(v2, audit.get(1).getNewResourceVersion());
      assertEquals(v2, audit.get(3).getOldResourceVersion());
    }
  }
}
