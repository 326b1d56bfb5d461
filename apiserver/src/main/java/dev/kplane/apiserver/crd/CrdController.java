package dev.kplane.apiserver.crd;

import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.cache.ResourceCache;
import dev.kplane.apiserver.cache.Watch;
import dev.kplane.apiserver.cache.WatchCache;
import dev.kplane.apiserver.cache.WatchEvent;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.apiserver.store.TopicAdmin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what the CustomResourceDefinitions topic defines, on every API server instance: a listener on the watch
 * cache of CRDs that, on each change, brings the registry in line with the established CRDs (creating each custom
 * resource's topic and caching it first), and runs the cleanup of terminating ones. Because it reads the topic, a
 * restarted instance serves the existing CRDs, and every instance serves what any of them created.
 */
public final class CrdController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrdController.class);
  private static final int WATCH_CAPACITY = 10_000;
  /** How often terminating CRDs are looked at again while their instances go. */
  private static final long RETRY_MS = 500;

  private final ResourceRegistry registry;
  private final WatchCache cache;
  private final TopicAdmin topics;
  private final ObjectStore store;
  private final CrdCleanup cleanup;
  private final Set<String> cachedTopics = ConcurrentHashMap.newKeySet();
  private final Thread thread = new Thread(this::run, "crd-controller");
  private volatile boolean running = true;
  private ResourceCache crds;
  private Watch watch;

  public CrdController(ResourceRegistry registry, WatchCache cache, TopicAdmin topics, ObjectStore store, Clock clock) {
    this.registry = registry;
    this.cache = cache;
    this.topics = topics;
    this.store = store;
    this.cleanup = new CrdCleanup(store, clock);
    thread.setDaemon(true);
  }

  /** Serves the CRDs stored so far before returning, then follows their changes. */
  public void start() {
    crds = store.consistent(CrdAdmission.CRDS);
    watch = register();
    sync(false);
    thread.start();
  }

  private Watch register() {
    Watch w = new Watch(WATCH_CAPACITY);
    crds.register(w, crds.resourceVersion());
    return w;
  }

  private void run() {
    boolean terminating = true; // a restart may find a cleanup half done
    while (running) {
      try {
        long seen = 0;
        for (WatchEvent e = watch.poll(terminating ? RETRY_MS : 1_000); e != null; e = watch.poll(0)) {
          seen = Math.max(seen, e.resourceVersion()); // the whole state is read anew: one pass covers every event
        }
        boolean changed = seen > 0;
        // a watch hears of an event before the cache's snapshot includes it
        if (changed && !crds.awaitResourceVersion(seen, 10_000)) {
          log.warn("the CRD cache did not reach {} in time", seen);
        }
        if (watch.overflowed()) {
          crds.unregister(watch);
          watch = register();
          changed = true;
        }
        if (changed || terminating) {
          terminating = sync(true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("CRD registration pass failed; retrying", e);
      }
    }
  }

  /** One level-triggered pass over every CRD; true when some CRD is still terminating. */
  private boolean sync(boolean cleanUp) {
    Map<String, CachedObject> now = crds.current().objects();
    Set<String> names = new HashSet<>();
    boolean terminating = false;
    for (CachedObject crd : now.values()) {
      String name = crd.key();
      names.add(name);
      List<CustomResource> versions = CrdStatus.isEstablished(crd.object())
          ? CustomResource.servedVersions(crd.object()) : List.of();
      if (!versions.isEmpty()) {
        ensureCached(versions.get(0));
      }
      registry.serveCustomResource(name, versions);
      if (cleanUp && CrdCleanup.pending(crd.object())) {
        terminating |= !cleanup.run(crd, versions);
      }
    }
    for (CustomResource cr : new ArrayList<>(registry.customResources())) {
      if (!names.contains(cr.crdName())) {
        registry.serveCustomResource(cr.crdName(), List.of());
        log.info("stopped serving {}", cr.crdName());
      }
    }
    return terminating;
  }

  /** The resource topic (shared by every version) exists and is being cached before any request can reach it. */
  private void ensureCached(CustomResource cr) {
    String topic = store.topic(cr.type());
    if (cachedTopics.add(topic)) {
      topics.ensureResourceTopics(List.of(topic));
      cache.add(topic);
      log.info("serving {} from {}", cr.crdName(), topic);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    if (crds != null && watch != null) {
      crds.unregister(watch);
    }
  }
}
