package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.testkit.SharedKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two API server instances share the shards through the registry group. Shards move when the second joins
 * and again when the first leaves, while clients write through both: every acknowledged write stays, with
 * the resourceVersion it was acknowledged with.
 */
@ExtendWith(SharedKafka.class)
class TwoInstancesIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";

  @Test
  void shouldKeepEveryAcknowledgedWriteWhileShardsMove() throws Exception {
    String prefix = SharedKafka.uniquePrefix("two");
    Map<String, Long> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    TestApi first = TestApi.start(prefix, "apiserver-a", 10_000);
    Thread writerA = writer(first, "a", acked, stop);
    writerA.start();
    Thread.sleep(500);
    TestApi second = TestApi.start(prefix, "apiserver-b", 10_000);
    Thread writerB = writer(second, "b", acked, stop);
    writerB.start();
    for (int i = 0; i < 150 && second.server.ownedShards().isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertTrue(!second.server.ownedShards().isEmpty(), "the second instance never took a shard");
    Thread.sleep(1000);
    stop.set(true);
    writerA.join();
    first.close(); // its shards move to the second instance
    stop.set(false);
    Thread writerB2 = writer(second, "b2", acked, stop);
    writerB2.start();
    Thread.sleep(1500);
    stop.set(true);
    writerB.join();
    writerB2.join();
    try {
      assertTrue(acked.size() > 50, "too few writes were acknowledged to test anything: " + acked.size());
      JsonNode list = second.get(CMS).body();
      Map<String, Long> present = new ConcurrentHashMap<>();
      for (JsonNode item : list.path("items")) {
        present.put(item.path("metadata").path("name").asText(),
            Long.parseLong(item.path("metadata").path("resourceVersion").asText()));
      }
      for (var e : acked.entrySet()) {
        assertEquals(e.getValue(), present.get(e.getKey()), "acknowledged write " + e.getKey());
      }
    } finally {
      second.close();
    }
  }

  private static Thread writer(TestApi api, String who, Map<String, Long> acked, AtomicBoolean stop) {
    return new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        String name = who + "-" + i;
        var r = api.post(CMS, TestApi.configMap(name, "i", Integer.toString(i)));
        if (r.code() == 201) {
          acked.put(name, Long.parseLong(r.body().path("metadata").path("resourceVersion").asText()));
        } else {
          assertTrue(List.of(503, 504, 500).contains(r.code()), () -> "unexpected answer " + r.body());
        }
      }
    }, "writer-" + who);
  }
}
