package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.testkit.KafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Three brokers, topics replicated three times with min.insync.replicas 2: one broker stops during a write
 * stream, and every write a client got a 2xx for is still there with the resourceVersion it was given.
 */
class BrokerFailureIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";

  @Test
  void shouldLoseNoAcknowledgedWriteWhenABrokerStops() throws Exception {
    try (KafkaCluster kafka = KafkaCluster.start(3)) {
      StoreConfig store = StoreConfig.defaults(kafka.bootstrapServers(), "brokers", "apiserver-0").withReplication((short) 3, 2);
      ApiServer.Config d = ApiServer.Config.defaults(store, 0);
      Map<String, Long> acked = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      try (TestApi api = TestApi.wrap(new ApiServer(new ApiServer.Config(store, d.bindAddress(), 0, 10_000, Duration.ofSeconds(1), d.serviceNetwork())))) {
        Thread writer = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            var r = api.post(CMS, TestApi.configMap("cm-" + i, "i", Integer.toString(i)));
            if (r.code() == 201) {
              acked.put("cm-" + i, Long.parseLong(r.body().path("metadata").path("resourceVersion").asText()));
            }
          }
        });
        writer.start();
        while (acked.size() < 100) {
          Thread.sleep(10);
        }
        kafka.stopNode(2);
        int before = acked.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acked.size() < before + 100 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        stop.set(true);
        writer.join();
        assertTrue(acked.size() >= before + 100, "writes did not go on after a broker stopped: " + acked.size());
        Map<String, Long> present = new HashMap<>();
        for (JsonNode item : api.get(CMS).body().path("items")) {
          present.put(item.path("metadata").path("name").asText(),
              Long.parseLong(item.path("metadata").path("resourceVersion").asText()));
        }
        for (var e : acked.entrySet()) {
          assertEquals(e.getValue(), present.get(e.getKey()), "acknowledged write " + e.getKey());
        }
      }
    }
  }
}
