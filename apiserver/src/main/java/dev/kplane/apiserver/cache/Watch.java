package dev.kplane.apiserver.cache;

import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The queue between a resource cache and one watch stream. A watch that falls too far behind is closed, as
 * kube-apiserver closes slow watchers; the client resumes from the last resourceVersion it saw.
 */
public final class Watch {
  private final LinkedBlockingDeque<WatchEvent> queue = new LinkedBlockingDeque<>();
  private final int capacity;
  private volatile boolean overflowed;
  private volatile long registeredAt;

  public Watch(int capacity) {
    this.capacity = capacity;
  }

  void offer(WatchEvent e) {
    if (overflowed || queue.size() >= capacity) {
      overflowed = true; // nothing more is queued after a gap
      return;
    }
    queue.addLast(e);
  }

  /** Events that happened before registration, ahead of everything queued since. */
  void prepend(List<WatchEvent> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      queue.addFirst(events.get(i));
    }
  }

  void registeredAt(long rv) {
    this.registeredAt = rv;
  }

  /** The cache's resourceVersion when the watch registered: every later event is in the queue. */
  public long registeredAt() {
    return registeredAt;
  }

  public boolean overflowed() {
    return overflowed;
  }

  public WatchEvent poll(long timeoutMs) throws InterruptedException {
    return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
