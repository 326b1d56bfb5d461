package dev.kplane.apiserver.cache;

import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.pcollections.TreePMap;

/**
 * The watch cache of one resource topic: the latest version of every object (a persistent sorted map, so a
 * list holds a consistent snapshot for free), the position it has read to (its resourceVersion), and a ring
 * of recent events, each with the state after it, for watches and for lists at an exact older version.
 */
public final class ResourceCache {
  /** The state at one resourceVersion: every object whose record offset is below it. */
  public record Snapshot(long resourceVersion, TreePMap<String, CachedObject> objects) {}

  private record RingEntry(WatchEvent event, TreePMap<String, CachedObject> after) {}

  private final String topic;
  private final int ringCapacity;
  private final ArrayDeque<RingEntry> ring = new ArrayDeque<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private TreePMap<String, CachedObject> objects = TreePMap.empty();
  /** The ring holds every event with resourceVersion > ringStart; the state at ringStart is ringStartState. */
  private long ringStart;
  private TreePMap<String, CachedObject> ringStartState = TreePMap.empty();
  private volatile Snapshot current = new Snapshot(0, TreePMap.empty());
  /** The resourceVersion of the last record applied; it runs ahead of current until the reader advances. */
  private long appliedThrough;

  public ResourceCache(String topic, int ringCapacity) {
    this.topic = topic;
    this.ringCapacity = ringCapacity;
  }

  public String topic() {
    return topic;
  }

  /** The latest state this instance has read. */
  public Snapshot current() {
    return current;
  }

  public long resourceVersion() {
    return current.resourceVersion();
  }

  synchronized void apply(ConsumerRecord<String, byte[]> r) {
    ObjectEvent e = ObjectCodec.event(r);
    CachedObject obj = ObjectCodec.object(r, e);
    EventType type = ObjectCodec.type(r, e);
    CachedObject previous = objects.get(r.key());
    objects = type == EventType.DELETED ? objects.minus(r.key()) : objects.plus(r.key(), obj);
    WatchEvent event = new WatchEvent(type, obj, previous);
    appliedThrough = obj.resourceVersion();
    ring.addLast(new RingEntry(event, objects));
    while (ring.size() > ringCapacity) {
      RingEntry dropped = ring.removeFirst();
      ringStart = dropped.event().resourceVersion();
      ringStartState = dropped.after();
    }
    for (Watch w : watches) {
      w.offer(event);
    }
  }

  /** The reader has read everything below this offset (records, and transaction markers that have no event). */
  synchronized void advance(long position) {
    if (position > current.resourceVersion()) {
      current = new Snapshot(position, objects);
      notifyAll();
    }
  }

  /** Waits until the cache has read up to a resourceVersion; false on timeout. */
  public synchronized boolean awaitResourceVersion(long rv, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (current.resourceVersion() < rv) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** The state at exactly this resourceVersion, or null when it is older than the ring or not read yet. */
  public synchronized Snapshot snapshotAt(long rv) {
    if (rv < ringStart || rv > current.resourceVersion()) {
      return null;
    }
    TreePMap<String, CachedObject> state = ringStartState;
    for (RingEntry e : ring) {
      if (e.event().resourceVersion() > rv) {
        break;
      }
      state = e.after();
    }
    return new Snapshot(rv, state);
  }

  /** The oldest resourceVersion a watch can start from without reading the topic. */
  public synchronized long oldestInMemory() {
    return ringStart;
  }

  /**
   * Registers a watch that receives every event with resourceVersion > fromRv. Returns false when fromRv is
   * older than the ring: the caller then reads the topic from fromRv up to {@link Watch#registeredAt()}, after
   * which the watch's queue continues without a gap.
   */
  public synchronized boolean register(Watch watch, long fromRv) {
    // events applied but not yet advanced over were offered to earlier watches only: count them as before
    watch.registeredAt(Math.max(appliedThrough, current.resourceVersion()));
    watches.add(watch);
    if (fromRv < ringStart) {
      return false;
    }
    Iterator<RingEntry> it = ring.iterator();
    List<WatchEvent> backlog = new ArrayList<>();
    while (it.hasNext()) {
      WatchEvent e = it.next().event();
      if (e.resourceVersion() > fromRv && e.resourceVersion() <= watch.registeredAt()) {
        backlog.add(e);
      }
    }
    watch.prepend(backlog);
    return true;
  }

  public void unregister(Watch watch) {
    watches.remove(watch);
  }
}
