package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.cache.ObjectCodec;
import dev.kplane.apiserver.cache.ResourceCache;
import dev.kplane.apiserver.cache.Watch;
import dev.kplane.apiserver.cache.WatchCache;
import dev.kplane.apiserver.cache.WatchEvent;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One WATCH: initial events when asked for, then every change after the starting resourceVersion, in order
 * and once, filtered by the selection, with bookmarks. Changes still in the cache's ring come from memory;
 * older ones are read from the topic itself, so a watch can resume from any resourceVersion the log holds.
 */
public final class Watcher {
  /** Where events go. Returns normally or throws IOException when the client went away. */
  public interface Sink {
    /**
     * The watch is registered and valid: from here on errors are ERROR events, and the response can start (clients
     * wait for the response headers before they count a watch as established).
     */
    default void started() throws IOException {}

    void send(String type, ObjectNode object) throws IOException;

    boolean closed();
  }

  private static final int QUEUE_CAPACITY = 100_000;

  private final ObjectStore store;
  private final WatchCache cache;
  private final Duration bookmarkInterval;
  private final Duration deleteRetention;

  public Watcher(ObjectStore store, WatchCache cache, Duration bookmarkInterval, Duration deleteRetention) {
    this.store = store;
    this.cache = cache;
    this.bookmarkInterval = bookmarkInterval;
    this.deleteRetention = deleteRetention;
  }

  /** Runs the watch in the calling thread until its timeout, the client leaves, or it falls too far behind. */
  public void run(ResourceType type, String namespace, ListOptions o, Sink sink) throws IOException, InterruptedException {
    Selection sel = Selection.of(type, namespace, o.labelSelector(), o.fieldSelector());
    String rvParam = o.resourceVersion() == null ? "" : o.resourceVersion();
    boolean initial;
    ResourceCache c;
    if (o.sendInitialEvents() != null) {
      if (!"NotOlderThan".equals(o.resourceVersionMatch())) {
        throw Status.badRequest("sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan");
      }
      initial = o.sendInitialEvents();
      c = rvParam.isEmpty() ? store.consistent(type) : store.notOlderThan(type, ObjectStore.parseRv(rvParam));
    } else {
      initial = rvParam.isEmpty() || rvParam.equals("0");
      // a resourceVersion ahead of the cache waits for it (or fails after 3 s), so no earlier event slips in
      c = rvParam.isEmpty() ? store.consistent(type) : store.notOlderThan(type, ObjectStore.parseRv(rvParam));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(o.timeoutSeconds() > 0 ? o.timeoutSeconds() : 1800).toNanos();
    Watch watch = new Watch(QUEUE_CAPACITY);
    try {
      long from;
      if (initial) {
        ResourceCache.Snapshot snap = c.current();
        from = snap.resourceVersion();
        c.register(watch, from);
        sink.started();
        for (CachedObject obj : snap.objects().values()) {
          if (sel.matches(obj.object())) {
            sink.send("ADDED", obj.object());
          }
        }
        if (Boolean.TRUE.equals(o.sendInitialEvents())) {
          sink.send("BOOKMARK", bookmark(type, from, true));
        }
      } else {
        from = ObjectStore.parseRv(rvParam);
        boolean inRing = c.register(watch, from);
        sink.started();
        if (!inRing) {
          from = replay(type, from, watch.registeredAt(), sel, sink);
          if (from < 0) {
            return;
          }
        }
      }
      stream(type, c, watch, sel, o.allowWatchBookmarks(), deadline, sink);
    } finally {
      c.unregister(watch);
    }
  }

  private void stream(ResourceType type, ResourceCache c, Watch watch, Selection sel, boolean bookmarks,
                      long deadline, Sink sink) throws IOException, InterruptedException {
    long lastBookmark = System.nanoTime();
    while (!sink.closed()) {
      long now = System.nanoTime();
      if (now >= deadline) {
        return;
      }
      long wait = Math.min(Duration.ofNanos(deadline - now).toMillis(), 1000);
      WatchEvent e = watch.poll(Math.max(1, wait));
      if (e != null) {
        deliver(e.type(), e.object(), e.previous(), true, sel, sink);
        continue;
      }
      if (watch.overflowed()) {
        return; // the client resumes from the last resourceVersion it received
      }
      if (bookmarks && System.nanoTime() - lastBookmark >= bookmarkInterval.toNanos()) {
        long rv = c.resourceVersion(); // read before the emptiness check: every event at or below rv is queued
        if (watch.poll(0) == null) {
          sink.send("BOOKMARK", bookmark(type, rv, false));
          lastBookmark = System.nanoTime();
        }
      }
    }
  }

  /**
   * Sends the change as a filtered watch sees it: an object entering the selection is ADDED, one leaving it
   * is DELETED. previousKnown is false when replaying from the topic without the earlier version.
   */
  private static void deliver(EventType type, CachedObject obj, CachedObject previous, boolean previousKnown,
                              Selection sel, Sink sink) throws IOException {
    boolean now = sel.matches(obj.object());
    boolean before = previous != null && sel.matches(previous.object());
    switch (type) {
      case DELETED -> {
        if (now || before) {
          sink.send("DELETED", obj.object());
        }
      }
      case ADDED -> {
        if (now) {
          sink.send("ADDED", obj.object());
        }
      }
      case MODIFIED -> {
        if (now && (before || !previousKnown)) {
          sink.send("MODIFIED", obj.object());
        } else if (now) {
          sink.send("ADDED", obj.object());
        } else if (before) {
          sink.send("DELETED", obj.object());
        }
      }
    }
  }

  /**
   * Reads the topic from fromRv up to where the in-memory watch took over. Returns the resourceVersion it
   * reached, or -1 after sending a 410 when fromRv is older than the log can vouch for: its records or the
   * tombstones after it may have been compacted away.
   */
  private long replay(ResourceType type, long fromRv, long until, Selection sel, Sink sink) throws IOException {
    String topic = store.topic(type);
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, byte[]> consumer = cache.replayConsumer("watch-replay-" + topic)) {
      consumer.assign(List.of(tp));
      long logStart = consumer.beginningOffsets(List.of(tp)).get(tp);
      if (fromRv < logStart) {
        sink.send("ERROR", gone(fromRv, logStart));
        return -1;
      }
      consumer.seek(tp, fromRv);
      long horizon = System.currentTimeMillis() - deleteRetention.toMillis();
      Map<String, CachedObject> seen = new HashMap<>();
      boolean first = true;
      while (consumer.position(tp) < until) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= until) {
            break;
          }
          if (first && r.timestamp() < horizon) {
            sink.send("ERROR", gone(fromRv, logStart));
            return -1;
          }
          first = false;
          ObjectEvent e = ObjectCodec.event(r);
          CachedObject obj = ObjectCodec.object(r, e);
          CachedObject prev = seen.put(r.key(), obj);
          deliver(ObjectCodec.type(r, e), obj, prev, prev != null, sel, sink);
        }
      }
    }
    return until;
  }

  private static ObjectNode gone(long rv, long oldest) {
    ApiException e = Status.gone("too old resource version: " + rv + " (" + oldest + ")");
    return e.status();
  }

  private static ObjectNode bookmark(ResourceType type, long rv, boolean initialEventsEnd) {
    ObjectNode b = Json.MAPPER.createObjectNode();
    b.put("kind", type.kind());
    b.put("apiVersion", type.apiVersion());
    ObjectNode meta = b.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    meta.putNull("creationTimestamp");
    if (initialEventsEnd) {
      meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return b;
  }
}
