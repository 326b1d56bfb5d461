package dev.kplane.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyncLoopTest {
  @Test
  void shouldCoalesceABurstOfChangesIntoOneSync() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    try (SyncLoop loop = new SyncLoop("test-sync", 200, () -> {
      runs.incrementAndGet();
      ran.countDown();
      return false;
    })) {
      for (int i = 0; i < 50; i++) {
        loop.request();
      }
      assertTrue(ran.await(5, TimeUnit.SECONDS));
      loop.request();
      long deadline = System.currentTimeMillis() + 5000;
      while (runs.get() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(2, runs.get(), "one sync for the burst, one for the later request");
    }
  }

  @Test
  void shouldRetryAFailedSync() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch twice = new CountDownLatch(2);
    try (SyncLoop loop = new SyncLoop("test-retry", 10, () -> {
      twice.countDown();
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("nft failed");
      }
      return false;
    })) {
      loop.request();
      assertTrue(twice.await(5, TimeUnit.SECONDS));
    }
  }
}
