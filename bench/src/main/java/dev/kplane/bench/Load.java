package dev.kplane.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs an operation back to back from N threads, for a number of operations or a duration, whichever ends first. */
final class Load {
  /** One operation of worker w, its i-th; returns false when it failed. */
  interface Op {
    boolean run(int worker, int i) throws Exception;
  }

  private Load() {}

  static Stats run(int concurrency, int ops, double maxSeconds, Op op) throws InterruptedException {
    long[] samples = new long[ops];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    CountDownLatch finished = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; ; i++) {
            int slot = next.getAndIncrement();
            if (slot >= ops || System.nanoTime() > deadline) {
              return;
            }
            long t0 = System.nanoTime();
            boolean ok;
            try {
              ok = op.run(worker, i);
            } catch (Exception e) {
              ok = false;
              if (errors.get() < 3) {
                System.err.println("bench: operation failed: " + e);
              }
            }
            if (ok) {
              samples[done.getAndIncrement()] = System.nanoTime() - t0;
            } else {
              errors.incrementAndGet();
            }
          }
        } finally {
          finished.countDown();
        }
      }, "load-" + w);
      t.start();
    }
    finished.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    return Stats.of(samples, done.get(), seconds, errors.get());
  }
}
