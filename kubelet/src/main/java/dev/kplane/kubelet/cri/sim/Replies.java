package dev.kplane.kubelet.cri.sim;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Answers a unary call now or after a simulated delay, turning a thrown status into the call's error. */
final class Replies {
  /**
   * One daemon timer for every simulated runtime in the JVM: a delayed reply holds no thread while it waits, so
   * thousands of simulated nodes cost one thread.
   */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cri-sim-timer");
    t.setDaemon(true);
    return t;
  });

  private Replies() {}

  static <T> void now(StreamObserver<T> observer, Supplier<T> answer) {
    T value;
    try {
      value = answer.get();
    } catch (StatusRuntimeException x) {
      observer.onError(x);
      return;
    } catch (RuntimeException x) {
      observer.onError(Status.UNKNOWN.withDescription(String.valueOf(x.getMessage())).withCause(x).asRuntimeException());
      return;
    }
    observer.onNext(value);
    observer.onCompleted();
  }

  static <T> void after(Duration delay, StreamObserver<T> observer, Supplier<T> answer) {
    if (delay.isZero()) {
      now(observer, answer);
    } else {
      TIMER.schedule(() -> now(observer, answer), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
