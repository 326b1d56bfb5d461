package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Watches resumed from random resourceVersions, most of them long gone from the in-memory ring, must each
 * deliver exactly the log after that version: no gap, no duplicate, in order.
 */
@ExtendWith(SharedKafka.class)
class WatchResumeIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  private static final int RING = 32;
  private static final int WRITES = 600;

  record Ev(String type, String name, long rv) {}

  @Test
  void shouldResumeFromAnyResourceVersionWithoutGapOrDuplicate() throws Exception {
    try (TestApi api = TestApi.start(SharedKafka.uniquePrefix("watch"), "apiserver-0", RING)) {
      AtomicLong lastRv = new AtomicLong();
      CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> write(api, lastRv));
      Random random = new Random(42);
      List<CompletableFuture<List<Ev>>> watches = new ArrayList<>();
      List<Long> starts = new ArrayList<>();
      while (!writes.isDone()) {
        long current = lastRv.get();
        if (current > 0) {
          long from = 1 + (long) (random.nextDouble() * current);
          starts.add(from);
          watches.add(CompletableFuture.supplyAsync(() -> watchUntilEnd(api, from, writes)));
        }
        Thread.sleep(150);
      }
      writes.get();
      for (int i = 0; i < 4; i++) { // and a few after the writes stopped, from deep in the past
        long from = 1 + (long) (random.nextDouble() * lastRv.get() / 4);
        starts.add(from);
        watches.add(CompletableFuture.supplyAsync(() -> watchUntilEnd(api, from, writes)));
      }
      assertTrue(watches.size() >= 5, "too few watches were started to test anything: " + watches.size());
      List<Ev> log = readLog(api.prefix + ".core.configmaps");
      assertTrue(log.get(log.size() - 1).rv() >= lastRv.get(), "every acknowledged write is in the log");
      for (int i = 0; i < watches.size(); i++) {
        long from = starts.get(i);
        List<Ev> expected = log.stream().filter(e -> e.rv() > from).toList();
        assertEquals(expected, watches.get(i).get(), "watch from resourceVersion " + from);
      }
    }
  }

  /** Creates, updates and deletes among 20 names; remembers the resourceVersion of the last acknowledged write. */
  private static void write(TestApi api, AtomicLong lastRv) {
    Random random = new Random(7);
    for (int i = 0; i < WRITES; i++) {
      String name = "cm-" + random.nextInt(20);
      var existing = api.get(CMS + "/" + name);
      TestApi.Response r;
      if (existing.code() == 404) {
        r = api.post(CMS, TestApi.configMap(name, "i", Integer.toString(i)));
      } else if (random.nextInt(4) == 0) {
        TestApi.Response d = api.delete(CMS + "/" + name, null);
        assertEquals(200, d.code(), () -> "delete failed: " + d.body());
        continue;
      } else {
        r = api.put(CMS + "/" + name, TestApi.configMap(name, "i", Integer.toString(i)));
      }
      TestApi.Response w = r;
      assertTrue(w.code() == 200 || w.code() == 201, () -> "write failed: " + w.body());
      lastRv.set(Long.parseLong(w.body().path("metadata").path("resourceVersion").asText()));
    }
  }

  /** Collects events from a watch until the writes are over and the event at the log's end arrived. */
  private static List<Ev> watchUntilEnd(TestApi api, long from, CompletableFuture<Void> writes) {
    List<Ev> events = new ArrayList<>();
    long reached = 0;
    var req = HttpRequest.newBuilder(URI.create(api.base + CMS + "?watch=1&allowWatchBookmarks=true&timeoutSeconds=120&resourceVersion=" + from))
        .timeout(Duration.ofSeconds(180)).GET().build();
    try {
      HttpResponse<Stream<String>> resp = api.client().send(req, HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, resp.statusCode());
      Iterator<String> lines = resp.body().iterator();
      while (lines.hasNext()) {
        JsonNode e = Json.parse(lines.next());
        String type = e.path("type").asText();
        assertTrue(!type.equals("ERROR"), () -> "watch from " + from + " failed: " + e);
        JsonNode meta = e.path("object").path("metadata");
        long rv = Long.parseLong(meta.path("resourceVersion").asText());
        if (!type.equals("BOOKMARK")) { // bookmarks only wake the loop up to check whether the end was reached
          events.add(new Ev(type, meta.path("name").asText(), rv));
        }
        reached = Math.max(reached, rv); // a bookmark's resourceVersion vouches that everything before it came
        if (writes.isDone() && reached >= finalRv(api)) {
          break;
        }
      }
      resp.body().close();
    } catch (Exception ex) {
      throw new IllegalStateException("watch from " + from, ex);
    }
    return events;
  }

  private static final Map<String, Long> FINAL = new java.util.concurrent.ConcurrentHashMap<>();

  /** The resourceVersion of the last record in the log, once the writes are over. */
  private static long finalRv(TestApi api) {
    return FINAL.computeIfAbsent(api.prefix, p -> {
      List<Ev> log = readLog(p + ".core.configmaps");
      return log.get(log.size() - 1).rv();
    });
  }

  /** The topic itself, read with read_committed: the reference every watch must equal. */
  static List<Ev> readLog(String topic) {
    List<Ev> out = new ArrayList<>();
    for (var r : TopicReader.readCommitted(SharedKafka.bootstrapServers(), topic)) {
      String name = r.key().substring(r.key().indexOf('/') + 1);
      String type = r.value() == null ? "DELETED" : Records.objectEvent(r.value()).getType().name();
      out.add(new Ev(type, name, r.offset() + 1));
    }
    return out;
  }
}
