package dev.kplane.apiserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Precondition;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.testkit.SharedKafka;
import dev.kplane.testkit.TopicReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A shard taken by a new writer mid-stream: the deposed writer's late writes never become visible. */
@ExtendWith(SharedKafka.class)
class ShardFencingIT {

  @Test
  void shouldNeverExposeWritesOfAFencedWriter() throws Exception {
    String prefix = SharedKafka.uniquePrefix("fence");
    StoreConfig a = StoreConfig.defaults(SharedKafka.bootstrapServers(), prefix, "a");
    StoreConfig b = a.withInstanceId("b");
    String topic = prefix + ".core.configmaps";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      new TopicAdmin(admin, a).ensureControlTopics();
      new TopicAdmin(admin, a).ensureResourceTopics(List.of(topic));
    }
    ShardWriter old = new ShardWriter(0, a);
    old.start();
    Map<String, CompletableFuture<Reply>> sent = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String key = "default/before-" + i;
      sent.put(key, old.submit(create(topic, key)));
      order.add(key);
    }
    sent.get(order.get(order.size() - 1)).get(30, TimeUnit.SECONDS);
    // the old writer keeps writing while the new one takes the shard
    CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 200_000 && old.alive(); i++) {
        String key = "default/during-" + i;
        synchronized (sent) {
          sent.put(key, old.submit(create(topic, key)));
        }
      }
    });
    Thread.sleep(50);
    ShardWriter next = new ShardWriter(0, b);
    next.start();
    stream.get(60, TimeUnit.SECONDS);
    String lateKey = "default/late";
    Reply late = old.submit(create(topic, lateKey)).get(30, TimeUnit.SECONDS);
    assertNotEquals(Outcome.APPLIED, late.getOutcome(), "a fenced writer must not acknowledge a write");
    Reply fresh = next.submit(create(topic, "default/after")).get(30, TimeUnit.SECONDS);
    assertEquals(Outcome.APPLIED, fresh.getOutcome());

    Map<String, Long> log = readLog(topic);
    assertFalse(log.containsKey(lateKey), "the late write became visible");
    int acked = 0;
    int refused = 0;
    synchronized (sent) {
      for (var e : sent.entrySet()) {
        Reply r = e.getValue().get(30, TimeUnit.SECONDS);
        if (r.getOutcome() == Outcome.APPLIED) {
          acked++;
          assertEquals(r.getResourceVersion(), log.get(e.getKey()), "acknowledged write " + e.getKey());
        } else {
          refused++;
          assertFalse(log.containsKey(e.getKey()), "unacknowledged write became visible: " + e.getKey());
        }
      }
    }
    assertTrue(acked >= 200, "the writes before the takeover were acknowledged");
    assertTrue(refused > 0, "the old writer was still writing when it was fenced: otherwise nothing was tested");
    assertEquals(fresh.getResourceVersion(), log.get("default/after"));
    old.close();
    next.close();
    System.out.printf("fencing: %d acknowledged, %d refused after the takeover%n", acked, refused);
  }

  static Command create(String topic, String key) {
    String name = key.substring(key.indexOf('/') + 1);
    String uid = UUID.randomUUID().toString();
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"default\",\"uid\":\"" + uid + "\"}}";
    return new Command(UUID.randomUUID().toString(), topic, key, false, body, new Precondition(false, null, null),
        EventType.ADDED, uid, "test", "create", 0, Instant.now());
  }

  /** key → resourceVersion of every committed record. */
  static Map<String, Long> readLog(String topic) {
    Map<String, Long> out = new HashMap<>();
    for (var r : TopicReader.readCommitted(SharedKafka.bootstrapServers(), topic)) {
      Long previous = out.put(r.key(), r.offset() + 1);
      assertEquals(null, previous, "a key was written twice: " + r.key());
    }
    return out;
  }
}
