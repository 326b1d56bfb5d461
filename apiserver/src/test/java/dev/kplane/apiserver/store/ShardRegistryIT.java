package dev.kplane.apiserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.testkit.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A writer that dies while its instance still owns the shard is replaced: the shard does not stay unwritable. */
@ExtendWith(SharedKafka.class)
class ShardRegistryIT {

  @Test
  void shouldReplaceAWriterThatWasFencedWhileTheShardIsStillOwned() throws Exception {
    String prefix = SharedKafka.uniquePrefix("replace");
    StoreConfig config = StoreConfig.defaults(SharedKafka.bootstrapServers(), prefix, "a");
    String topic = prefix + ".core.configmaps";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      new TopicAdmin(admin, config).ensureControlTopics();
      new TopicAdmin(admin, config).ensureResourceTopics(List.of(topic));
    }
    try (ShardRegistry registry = new ShardRegistry(config); CommandRouter router = new CommandRouter(config, registry)) {
      registry.start();
      assertTrue(registry.awaitAssignment(Duration.ofSeconds(30)));
      int shard = router.shardOf(topic);
      assertEquals(Outcome.APPLIED, submit(router, topic, "default/before").getOutcome());

      // a writer nobody asked for takes the shard's transactional id: the registry's writer is fenced and dies
      ShardWriter intruder = new ShardWriter(shard, config.withInstanceId("intruder"));
      intruder.start();
      Reply applied = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
      for (int i = 0; applied == null && System.nanoTime() < deadline; i++) {
        Reply r = submit(router, topic, "default/after-" + i); // every request is answered, none hangs
        if (r.getOutcome() == Outcome.APPLIED) {
          applied = r;
        }
      }
      assertNotNull(applied, "the shard never became writable again");
      assertNotNull(registry.localWriter(shard), "the registry did not start a new writer for its shard");
      Reply late = intruder.submit(ShardFencingIT.create(topic, "default/intruder")).get(35, TimeUnit.SECONDS);
      assertNotEquals(Outcome.APPLIED, late.getOutcome(), "the replacement must fence the intruder");
      intruder.close();
    }
  }

  private static Reply submit(CommandRouter router, String topic, String key) throws Exception {
    return router.submit(ShardFencingIT.create(topic, key)).get(35, TimeUnit.SECONDS);
  }
}
