package dev.kplane.scheduler.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
  private final SchedulingQueue q = new SchedulingQueue(Backoff.DEFAULT);

  @Test
  void shouldPopHigherPriorityFirstThenOlder() {
    q.addOrUpdate("young-low", 0, 2000, false, 0);
    q.addOrUpdate("old-low", 0, 1000, false, 0);
    q.addOrUpdate("high", 100, 3000, false, 0);
    assertEquals("high", q.pop());
    assertEquals("old-low", q.pop());
    assertEquals("young-low", q.pop());
    assertNull(q.pop());
  }

  @Test
  void shouldKeepUnschedulablePodsUntilAnEventThenHonourTheirBackoff() {
    q.addOrUpdate("p", 0, 0, false, 0);
    assertEquals("p", q.pop());
    q.unschedulable("p", 0);
    q.tick(500);
    assertNull(q.pop());
    q.moveAllUnschedulable(500); // within the 1 s back-off of its first attempt
    assertNull(q.pop());
    assertEquals(1, q.backoffSize());
    q.tick(1000);
    assertEquals("p", q.pop());
  }

  @Test
  void shouldDoubleTheBackoffPerAttemptUpToTheMaximum() {
    assertEquals(1000, Backoff.DEFAULT.millis(1));
    assertEquals(2000, Backoff.DEFAULT.millis(2));
    assertEquals(8000, Backoff.DEFAULT.millis(4));
    assertEquals(10000, Backoff.DEFAULT.millis(5));
    assertEquals(10000, Backoff.DEFAULT.millis(30));
  }

  @Test
  void shouldFlushPodsUnschedulableForFiveMinutes() {
    q.addOrUpdate("p", 0, 0, false, 0);
    q.pop();
    q.unschedulable("p", 0);
    q.tick(SchedulingQueue.MAX_IN_UNSCHEDULABLE.toMillis() - 1);
    assertNull(q.pop());
    q.tick(SchedulingQueue.MAX_IN_UNSCHEDULABLE.toMillis());
    assertEquals("p", q.pop());
  }

  @Test
  void shouldMoveAnUnschedulablePodWhoseSpecChanged() {
    q.addOrUpdate("p", 0, 0, false, 0);
    q.pop();
    q.unschedulable("p", 0);
    q.addOrUpdate("p", 0, 0, false, 5000);
    assertNull(q.pop(), "a status-only change does not move it");
    q.addOrUpdate("p", 0, 0, true, 5000);
    assertEquals("p", q.pop());
  }

  @Test
  void shouldRetryAfterTheBackoff() {
    q.addOrUpdate("p", 0, 0, false, 0);
    q.pop();
    q.retry("p", 100);
    q.tick(1099);
    assertNull(q.pop());
    q.tick(1100);
    assertEquals("p", q.pop());
  }
}
