package dev.kplane.proxy;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sync on one thread, at most once per debounce interval: changes that arrive together (a rollout touches a
 * slice several times) become one sync, and every change is applied within the interval plus a sync's time. A sync
 * that fails is retried after a second; one that asks for it runs again after a second.
 */
public final class SyncLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);
  private static final long RETRY_MS = 1000;

  /** A sync: returns true when it wants to run again later without a change. */
  public interface Sync {
    boolean run() throws Exception;
  }

  private final ScheduledExecutorService executor;
  private final long debounceMs;
  private final Sync sync;
  private ScheduledFuture<?> pending;

  public SyncLoop(String name, long debounceMs, Sync sync) {
    this.debounceMs = debounceMs;
    this.sync = sync;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Something changed: sync within the debounce interval. */
  public synchronized void request() {
    schedule(debounceMs);
  }

  private synchronized void schedule(long delayMs) {
    if (executor.isShutdown()) {
      return;
    }
    if (pending != null && !pending.isDone() && pending.getDelay(TimeUnit.MILLISECONDS) <= delayMs) {
      return;
    }
    if (pending != null) {
      pending.cancel(false);
    }
    pending = executor.schedule(this::runOnce, delayMs, TimeUnit.MILLISECONDS);
  }

  private void runOnce() {
    synchronized (this) {
      pending = null;
    }
    try {
      if (sync.run()) {
        schedule(RETRY_MS);
      }
    } catch (Exception e) {
      LOG.warn("sync failed, retrying in {} ms: {}", RETRY_MS, e.getMessage());
      schedule(RETRY_MS);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
