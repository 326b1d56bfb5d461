package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** List paging, exact-version lists, selectors, initial events, finalizers and generateName over HTTP. */
@ExtendWith(SharedKafka.class)
class ListWatchSemanticsIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  private static TestApi api;
  private static long rvAfterTen;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("semantics");
    for (int i = 0; i < 10; i++) {
      String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i
          + "\",\"labels\":{\"parity\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}},\"data\":{\"i\":\"" + i + "\"}}";
      assertEquals(201, api.post(CMS, body).code());
    }
    rvAfterTen = rv(api.get(CMS).body());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static long rv(JsonNode obj) {
    return Long.parseLong(obj.path("metadata").path("resourceVersion").asText());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void shouldPageThroughOneConsistentSnapshot() {
    Set<String> all = new HashSet<>();
    api.get(CMS).body().path("items").forEach(i -> all.add(i.path("metadata").path("name").asText()));
    var first = api.get(CMS + "?limit=3").body();
    assertEquals(3, first.path("items").size());
    assertEquals(all.size() - 3, first.path("metadata").path("remainingItemCount").asInt());
    long listRv = rv(first);
    api.post(CMS, TestApi.configMap("zz-created-between-pages", "a", "1"));
    Set<String> names = new HashSet<>();
    first.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
    String token = first.path("metadata").path("continue").asText();
    while (!token.isEmpty()) {
      var page = api.get(CMS + "?limit=3&continue=" + q(token)).body();
      assertEquals(listRv, rv(page), "every page comes from the first page's snapshot");
      page.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
      token = page.path("metadata").path("continue").asText("");
    }
    assertEquals(all, names);
  }

  @Test
  void shouldListAtAnExactOlderResourceVersion() {
    assertEquals(201, api.post(CMS, TestApi.configMap("exact-later", "a", "1")).code());
    var old = api.get(CMS + "?resourceVersion=" + rvAfterTen + "&resourceVersionMatch=Exact").body();
    assertEquals(rvAfterTen, rv(old));
    for (JsonNode item : old.path("items")) {
      assertTrue(rv(item) <= rvAfterTen);
      assertFalse(item.path("metadata").path("name").asText().equals("exact-later"));
    }
    var now = api.get(CMS).body();
    assertTrue(rv(now) > rvAfterTen);
  }

  @Test
  void shouldFilterByLabelAndFieldSelectors() {
    var even = api.get(CMS + "?labelSelector=" + q("parity=even")).body();
    assertEquals(5, even.path("items").size());
    var inSet = api.get(CMS + "?labelSelector=" + q("parity in (odd),parity!=even")).body();
    assertEquals(5, inSet.path("items").size());
    var one = api.get(CMS + "?fieldSelector=" + q("metadata.name=cm-3")).body();
    assertEquals(1, one.path("items").size());
    assertEquals(400, api.get(CMS + "?fieldSelector=" + q("spec.nodeName=x")).code());
  }

  @Test
  void shouldSendInitialEventsThenABookmarkThatEndsThem() throws Exception {
    var req = HttpRequest.newBuilder(URI.create(api.base + CMS + "?watch=1&sendInitialEvents=true"
        + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=" + q("parity=odd")
        + "&timeoutSeconds=10")).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<Stream<String>> resp = api.client().send(req, HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = resp.body().iterator();
    List<String> added = new ArrayList<>();
    while (lines.hasNext()) {
      JsonNode e = Json.parse(lines.next());
      if (e.path("type").asText().equals("BOOKMARK")) {
        assertEquals("true", e.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end").asText());
        break;
      }
      assertEquals("ADDED", e.path("type").asText());
      added.add(e.path("object").path("metadata").path("name").asText());
    }
    resp.body().close();
    assertEquals(List.of("cm-1", "cm-3", "cm-5", "cm-7", "cm-9"), added);
  }

  @Test
  void shouldKeepAnObjectWithFinalizersUntilTheyAreRemoved() {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"guarded\","
        + "\"finalizers\":[\"example.com/hold\"]}}";
    assertEquals(201, api.post(CMS, body).code());
    var deleted = api.delete(CMS + "/guarded", null);
    assertEquals(200, deleted.code());
    assertFalse(deleted.body().path("metadata").path("deletionTimestamp").asText().isEmpty());
    var still = api.get(CMS + "/guarded");
    assertEquals(200, still.code());
    var obj = (com.fasterxml.jackson.databind.node.ObjectNode) still.body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) obj.get("metadata")).putArray("finalizers");
    assertEquals(200, api.put(CMS + "/guarded", Json.write(obj)).code());
    assertEquals(404, api.get(CMS + "/guarded").code());
  }

  @Test
  void shouldGenerateNamesAndBumpGenerationOnlyForNonMetadataChanges() {
    var created = api.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"gen-\"},"
        + "\"data\":{\"a\":\"1\"}}");
    assertEquals(201, created.code());
    String name = created.body().path("metadata").path("name").asText();
    assertTrue(name.matches("gen-[a-z0-9]{5}"), name);
    assertTrue(created.body().path("metadata").path("generation").isMissingNode(), "ConfigMaps have no generation");

    // a type whose strategy tracks generation: 1 on create, unchanged by metadata, +1 by a spec change
    String policies = "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies";
    var policy = api.post(policies, "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\","
        + "\"metadata\":{\"name\":\"gen\"},\"spec\":{\"podSelector\":{}}}");
    assertEquals(201, policy.code(), () -> policy.body().toString());
    assertEquals(1, policy.body().path("metadata").path("generation").asInt());
    var obj = (com.fasterxml.jackson.databind.node.ObjectNode) policy.body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) obj.get("metadata")).putObject("labels").put("x", "y");
    var labelled = api.put(policies + "/gen", Json.write(obj));
    assertEquals(200, labelled.code(), () -> "label update: " + labelled.body());
    assertEquals(1, labelled.body().path("metadata").path("generation").asInt());
    obj = (com.fasterxml.jackson.databind.node.ObjectNode) labelled.body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) obj.get("spec")).putObject("podSelector").putObject("matchLabels")
        .put("app", "web");
    var changed = api.put(policies + "/gen", Json.write(obj));
    assertEquals(200, changed.code(), () -> "spec update: " + changed.body());
    assertEquals(2, changed.body().path("metadata").path("generation").asInt());
    var same = api.put(policies + "/gen", Json.write(changed.body()));
    assertEquals(rv(changed.body()), rv(same.body()), "a no-op update writes nothing");
  }
}
