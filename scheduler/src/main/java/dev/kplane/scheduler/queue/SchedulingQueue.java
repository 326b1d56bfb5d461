package dev.kplane.scheduler.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * kube-scheduler's three queues of pending pods (pkg/scheduler/backend/queue): the active queue, ordered by
 * priority then creation time; the back-off queue of pods that failed and wait out their back-off; and the
 * unschedulable set of pods no node fits, which leave it when a cluster event may help or after
 * podMaxInUnschedulablePodsDuration. A pod popped for scheduling is "in flight" until it is requeued, bound or
 * removed. Time is passed in (milliseconds), so the queue is deterministic under test.
 */
public final class SchedulingQueue {
  /** kube's podMaxInUnschedulablePodsDuration. */
  public static final Duration MAX_IN_UNSCHEDULABLE = Duration.ofMinutes(5);

  private enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, IN_FLIGHT }

  private static final class Entry {
    final String key;
    int priority;
    long created;
    final long seq;
    int attempts;
    long timestamp;
    long backoffExpiry;
    Where where;

    Entry(String key, int priority, long created, long seq) {
      this.key = key;
      this.priority = priority;
      this.created = created;
      this.seq = seq;
    }
  }

  private static final Comparator<Entry> ACTIVE_ORDER = Comparator.<Entry>comparingInt(e -> -e.priority)
      .thenComparingLong(e -> e.created).thenComparingLong(e -> e.seq);
  private static final Comparator<Entry> BACKOFF_ORDER = Comparator.<Entry>comparingLong(e -> e.backoffExpiry)
      .thenComparingLong(e -> e.seq);

  private final Backoff backoff;
  private final Map<String, Entry> entries = new HashMap<>();
  private final TreeSet<Entry> active = new TreeSet<>(ACTIVE_ORDER);
  private final TreeSet<Entry> backingOff = new TreeSet<>(BACKOFF_ORDER);
  private final LinkedHashMap<String, Entry> unschedulable = new LinkedHashMap<>();
  private long seq;

  public SchedulingQueue(Backoff backoff) {
    this.backoff = backoff;
  }

  /**
   * A pending pod was added or changed. A new pod goes to the active queue; a known pod keeps its place unless
   * it waits in the unschedulable set and changed in a way that may make it schedulable.
   */
  public void addOrUpdate(String key, int priority, long createdMillis, boolean specChanged, long now) {
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry(key, priority, createdMillis, seq++);
      entries.put(key, e);
      e.timestamp = now;
      toActive(e);
      return;
    }
    if (e.where == Where.ACTIVE && (e.priority != priority || e.created != createdMillis)) {
      active.remove(e);
      e.priority = priority;
      e.created = createdMillis;
      active.add(e);
      return;
    }
    e.priority = priority;
    e.created = createdMillis;
    if (e.where == Where.UNSCHEDULABLE && specChanged) {
      move(e, now);
    }
  }

  /** The next pod to schedule (it is then in flight), or null when the active queue is empty. */
  public String pop() {
    Entry e = active.pollFirst();
    if (e == null) {
      return null;
    }
    e.where = Where.IN_FLIGHT;
    e.attempts++;
    return e.key;
  }

  /** An in-flight pod fits no node: it waits in the unschedulable set for an event that may help. */
  public void unschedulable(String key, long now) {
    Entry e = entries.get(key);
    if (e != null && e.where == Where.IN_FLIGHT) {
      e.timestamp = now;
      e.where = Where.UNSCHEDULABLE;
      unschedulable.put(key, e);
    }
  }

  /** An in-flight pod failed for another reason (a rejected binding, an error): it retries after its back-off. */
  public void retry(String key, long now) {
    Entry e = entries.get(key);
    if (e != null) {
      detach(e);
      e.timestamp = now;
      toBackoff(e, now);
    }
  }

  /** The pod was bound, deleted, or is no longer this scheduler's: it leaves every queue. */
  public void remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      detach(e);
    }
  }

  /**
   * A cluster event that may make unschedulable pods fit (a node added or changed, a pod deleted): every
   * unschedulable pod moves to the active queue, or to the back-off queue while its back-off lasts.
   */
  public void moveAllUnschedulable(long now) {
    moveUnschedulable(now, key -> true);
  }

  /** Like {@link #moveAllUnschedulable} for the unschedulable pods the event may help. */
  public void moveUnschedulable(long now, Predicate<String> mayHelp) {
    if (unschedulable.isEmpty()) {
      return;
    }
    List<Entry> moving = new ArrayList<>();
    for (Iterator<Entry> it = unschedulable.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (mayHelp.test(e.key)) {
        it.remove();
        moving.add(e);
      }
    }
    for (Entry e : moving) {
      e.where = null;
      move(e, now);
    }
  }

  /**
   * Time passes: pods whose back-off is over become active; pods unschedulable longer than
   * {@link #MAX_IN_UNSCHEDULABLE} are moved as if an event had happened (flushUnschedulablePodsLeftover).
   */
  public void tick(long now) {
    while (!backingOff.isEmpty() && backingOff.first().backoffExpiry <= now) {
      Entry e = backingOff.pollFirst();
      toActive(e);
    }
    long limit = now - MAX_IN_UNSCHEDULABLE.toMillis();
    for (Iterator<Entry> it = unschedulable.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.timestamp > limit) {
        break; // insertion order is timestamp order
      }
      it.remove();
      e.where = null;
      move(e, now);
    }
  }

  public int activeSize() {
    return active.size();
  }

  public int backoffSize() {
    return backingOff.size();
  }

  public int unschedulableSize() {
    return unschedulable.size();
  }

  private void move(Entry e, long now) {
    if (now < e.timestamp + backoff.millis(e.attempts) && e.attempts > 0) {
      toBackoff(e, now);
    } else {
      toActive(e);
    }
  }

  private void toActive(Entry e) {
    e.where = Where.ACTIVE;
    active.add(e);
  }

  private void toBackoff(Entry e, long now) {
    e.backoffExpiry = e.timestamp + backoff.millis(Math.max(1, e.attempts));
    if (e.backoffExpiry <= now) {
      toActive(e);
      return;
    }
    e.where = Where.BACKOFF;
    backingOff.add(e);
  }

  private void detach(Entry e) {
    if (e.where == null) {
      return;
    }
    switch (e.where) {
      case ACTIVE -> active.remove(e);
      case BACKOFF -> backingOff.remove(e);
      case UNSCHEDULABLE -> unschedulable.remove(e.key);
      case IN_FLIGHT -> { }
    }
    e.where = null;
  }
}
