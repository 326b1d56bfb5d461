package dev.kplane.kubelet.pod;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs one at a time per pod (kubelet's pod workers): a trigger while a pod's sync runs makes it run once
 * more afterwards; triggers of different pods run in parallel on the pool.
 */
public final class PodWorkers {
  private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);
  private final ExecutorService pool;
  private final Consumer<String> sync;
  private final Set<String> running = new HashSet<>();
  private final Set<String> again = new HashSet<>();

  public PodWorkers(ExecutorService pool, Consumer<String> sync) {
    this.pool = pool;
    this.sync = sync;
  }

  public void trigger(String uid) {
    synchronized (this) {
      if (running.contains(uid)) {
        again.add(uid);
        return;
      }
      running.add(uid);
    }
    pool.execute(() -> work(uid));
  }

  private void work(String uid) {
    while (true) {
      try {
        sync.accept(uid);
      } catch (RuntimeException x) {
        LOG.warn("sync of pod {} failed: {}", uid, x.toString(), x);
      }
      synchronized (this) {
        if (!again.remove(uid)) {
          running.remove(uid);
          return;
        }
      }
    }
  }
}
