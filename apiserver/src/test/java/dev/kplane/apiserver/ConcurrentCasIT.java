package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.testkit.SharedKafka;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Read-modify-write of one counter by many clients: compare-and-set must never let a stale write through. */
@ExtendWith(SharedKafka.class)
class ConcurrentCasIT {
  private static final int CLIENTS = 8;
  private static final int INCREMENTS = 200;
  private static final String PATH = "/api/v1/namespaces/default/configmaps/counter";
  private static final AtomicInteger CONFLICTS = new AtomicInteger();
  /** 504s: writes whose outcome the server could not tell (known intermittent writer stall; see the issue notes). */
  private static final AtomicInteger UNKNOWN = new AtomicInteger();

  @Test
  void shouldCountEveryAcknowledgedIncrementExactlyOnce() throws Exception {
    try (TestApi api = TestApi.start("cas")) {
      assertEquals(201, api.post("/api/v1/namespaces/default/configmaps", TestApi.configMap("counter", "n", "0")).code());
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<List<Long>>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> increment(api)));
      }
      Set<Long> allRvs = new HashSet<>();
      int successes = 0;
      for (Future<List<Long>> f : clients) {
        List<Long> rvs = f.get();
        for (int i = 1; i < rvs.size(); i++) {
          assertTrue(rvs.get(i) > rvs.get(i - 1), "a client's acknowledged resourceVersions must increase");
        }
        successes += rvs.size();
        allRvs.addAll(rvs);
      }
      pool.shutdown();
      assertEquals(CLIENTS * INCREMENTS, successes);
      assertEquals(successes, allRvs.size(), "every acknowledged write has its own resourceVersion");
      var finalObj = api.get(PATH).body();
      int n = finalObj.path("data").path("n").asInt();
      // each acknowledged increment counts once; a write that timed out may or may not have applied
      assertTrue(n >= successes && n <= successes + UNKNOWN.get(),
          "count " + n + " for " + successes + " acknowledged and " + UNKNOWN.get() + " unknown writes");
      System.out.printf("cas: %d acknowledged, %d conflicts, %d timed out%n", successes, CONFLICTS.get(), UNKNOWN.get());
      assertTrue(CONFLICTS.get() > 0, "the clients must have raced: otherwise nothing was tested");
    }
  }

  /** Increments until INCREMENTS writes succeeded; returns their resourceVersions in order. */
  private static List<Long> increment(TestApi api) {
    List<Long> rvs = new ArrayList<>();
    while (rvs.size() < INCREMENTS) {
      ObjectNode cur = (ObjectNode) api.get(PATH).body();
      int n = cur.path("data").path("n").asInt();
      ((ObjectNode) cur.get("data")).put("n", Integer.toString(n + 1));
      var r = api.put(PATH, Json.write(cur));
      if (r.code() == 200) {
        rvs.add(Long.parseLong(r.body().path("metadata").path("resourceVersion").asText()));
      } else if (r.code() == 504) {
        UNKNOWN.incrementAndGet();
      } else {
        assertEquals(409, r.code(), () -> "unexpected " + r.body());
        assertEquals("Conflict", r.body().path("reason").asText());
        CONFLICTS.incrementAndGet();
      }
    }
    return rvs;
  }
}
