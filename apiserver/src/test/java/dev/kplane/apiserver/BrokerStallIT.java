package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.testkit.StallableKafka;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops answering for longer than a shard writer waits for it (10 s): the write in flight is slow,
 * not lost or failed. The broker is reached through a relay that holds every byte for 13 s, the broker's own
 * requests to itself (transaction markers, partition verification) included, as in a long pause of its process.
 */
class BrokerStallIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";

  @Test
  void shouldCompleteAWriteCaughtInABrokerStallOnceTheBrokerAnswers() throws Exception {
    try (StallableKafka kafka = new StallableKafka();
         TestApi api = TestApi.wrap(new ApiServer(ApiServer.Config.defaults(
             StoreConfig.defaults(kafka.bootstrapServers(), "stall", "apiserver-0"), 0)))) {
      assertEquals(201, api.post(CMS, TestApi.configMap("before", "k", "v")).code());

      kafka.stall();
      long t0 = System.nanoTime();
      CompletableFuture<TestApi.Response> during =
          CompletableFuture.supplyAsync(() -> api.post(CMS, TestApi.configMap("during", "k", "v")));
      Thread.sleep(13_000);
      kafka.resume();
      TestApi.Response r = during.get(60, TimeUnit.SECONDS);
      System.out.printf("write caught in a 13 s stall answered %d after %d ms%n", r.code(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

      assertEquals(201, r.code(), String.valueOf(r.body()));
      String rv = r.body().path("metadata").path("resourceVersion").asText();
      TestApi.Response read = api.get(CMS + "/during");
      assertEquals(200, read.code(), String.valueOf(read.body()));
      assertEquals(rv, read.body().path("metadata").path("resourceVersion").asText());
      assertEquals(201, api.post(CMS, TestApi.configMap("after", "k", "v")).code());
    }
  }
}
