package dev.kplane.cluster;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** How a `bin/kplane <component>` command runs: started in the foreground until Ctrl-C (or SIGTERM) closes it. */
final class Foreground {
  /** A component's start, whatever it throws. */
  interface Start {
    void run() throws Exception;
  }

  private Foreground() {}

  /** Starts the component, prints what is running, and returns 0 once a shutdown has closed it. */
  static int run(AutoCloseable component, Start start, Supplier<String> running) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        component.close();
      } catch (Exception e) {
        System.err.println("kplane: error while stopping: " + e);
      }
      stopped.countDown();
    }, "shutdown"));
    start.run();
    System.out.println(running.get());
    stopped.await();
    return 0;
  }
}
