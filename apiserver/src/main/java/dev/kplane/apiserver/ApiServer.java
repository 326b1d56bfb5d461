package dev.kplane.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.cache.WatchCache;
import dev.kplane.apiserver.crd.CrdAdmission;
import dev.kplane.apiserver.crd.CrdController;
import dev.kplane.apiserver.http.ApiHandler;
import dev.kplane.apiserver.registry.Lister;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.apiserver.registry.Watcher;
import dev.kplane.apiserver.registry.admission.Admission;
import dev.kplane.apiserver.registry.admission.DefaultTolerationSeconds;
import dev.kplane.apiserver.registry.admission.NamespaceLifecycle;
import dev.kplane.apiserver.registry.admission.Priority;
import dev.kplane.apiserver.registry.admission.ServiceAllocator;
import dev.kplane.apiserver.registry.admission.ServiceNetwork;
import dev.kplane.apiserver.store.CommandRouter;
import dev.kplane.apiserver.store.ShardRegistry;
import dev.kplane.apiserver.store.StoreConfig;
import dev.kplane.apiserver.store.TopicAdmin;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One API server instance: shard writers, watch cache, and the Kubernetes REST API over HTTP. */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  /** Namespaces every cluster has (kube-apiserver's system namespaces controller). */
  private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /**
   * @param bindAddress interface to listen on
   * @param port 0 picks a free port
   * @param ringCapacity events per resource kept in memory for watches and exact-version lists
   * @param bookmarkInterval how often an idle watch that asked for bookmarks gets one
   */
  public record Config(StoreConfig store, String bindAddress, int port, int ringCapacity, Duration bookmarkInterval,
                       ServiceNetwork serviceNetwork) {
    public static Config defaults(StoreConfig store, int port) {
      return new Config(store, "127.0.0.1", port, 10_000, Duration.ofSeconds(30), ServiceNetwork.DEFAULT);
    }
  }

  private final Config config;
  private final ResourceRegistry registry = ResourceRegistry.builtin();
  private Admin admin;
  private ShardRegistry shards;
  private CommandRouter router;
  private WatchCache cache;
  private ObjectStore store;
  private Undertow http;
  private ExecutorService executor;
  private ServiceAllocator allocator;
  private CrdController crds;
  private dev.kplane.apiserver.door.RequestDoor door;
  private java.util.concurrent.ScheduledExecutorService maintenance;
  private volatile boolean ready;
  private int port;

  public ApiServer(Config config) {
    this.config = config;
  }

  public void start() throws InterruptedException {
    long t0 = System.nanoTime();
    StoreConfig sc = config.store();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sc.bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, sc.instanceId() + "-admin"));
    TopicAdmin topics = new TopicAdmin(admin, sc);
    topics.ensureControlTopics();
    List<ResourceType> stored = new java.util.ArrayList<>(registry.all().stream().filter(ResourceType::stored).toList());
    stored.add(ServiceAllocator.ALLOCATIONS);
    topics.ensureResourceTopics(stored.stream().map(sc.topics()::resource).toList());
    cache = new WatchCache(sc.bootstrapServers(), sc.instanceId() + "-cache", config.ringCapacity());
    for (ResourceType t : stored) {
      cache.add(sc.topics().resource(t));
    }
    cache.start();
    shards = new ShardRegistry(sc);
    shards.start();
    router = new CommandRouter(sc, shards);
    store = new ObjectStore(cache, router, sc.topics(), Clock.systemUTC());
    allocator = new ServiceAllocator(store, config.serviceNetwork(), Clock.systemUTC());
    store.setAdmission(Admission.chain(List.of(new NamespaceLifecycle(store, Clock.systemUTC()), allocator,
        new CrdAdmission(registry, store, Clock.systemUTC()), new DefaultTolerationSeconds(), new Priority(store))));
    crds = new CrdController(registry, cache, topics, store, Clock.systemUTC());
    Lister lister = new Lister(store);
    Watcher watcher = new Watcher(store, cache, config.bookmarkInterval(), sc.deleteRetention());
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
      Thread th = new Thread(r, "api-" + n.incrementAndGet());
      th.setDaemon(true);
      return th;
    });
    http = Undertow.builder()
        .addHttpListener(config.port(), config.bindAddress())
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
        .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
        .setHandler(new ApiHandler(registry, store, lister, watcher, () -> ready, executor))
        .build();
    http.start();
    port = ((InetSocketAddress) http.getListenerInfo().get(0).getAddress()).getPort();
    if (!shards.awaitAssignment(Duration.ofSeconds(60))) {
      log.warn("no shard assignment after 60 s; writes go through the commands topic to other instances");
    }
    bootstrapNamespaces();
    bootstrapKubernetesService();
    Priority.SYSTEM_CLASSES.forEach(pc -> createIfAbsent("priorityclasses", pc));
    crds.start();
    String loopback = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
    door = new dev.kplane.apiserver.door.RequestDoor(sc, new dev.kplane.apiserver.door.RequestExecutor(loopback, port));
    door.start();
    maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "apiserver-repair");
      th.setDaemon(true);
      return th;
    });
    maintenance.scheduleWithFixedDelay(this::repairAllocations, 0, 5, TimeUnit.MINUTES);
    ready = true;
    log.info("API server {} ready on http://{}:{} in {} ms (shards written here: {})", sc.instanceId(),
        config.bindAddress(), port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), shards.ownedShards());
  }

  private void repairAllocations() {
    try {
      allocator.repair();
    } catch (RuntimeException e) {
      log.warn("the service allocation repair pass failed; it runs again in 5 minutes", e);
    }
  }

  /**
   * The `kubernetes` Service in `default` with the first address of the service range, and its Endpoints and
   * EndpointSlice naming this API server, as kube-apiserver's controlplane bootstrap controller keeps them.
   */
  private void bootstrapKubernetesService() {
    String address = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
    ObjectNode svc = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
    svc.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
        .put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("type", "ClusterIP").put("clusterIP", allocator.network().firstAddress()).put("sessionAffinity", "None");
    spec.putArray("clusterIPs").add(allocator.network().firstAddress());
    spec.putArray("ipFamilies").add("IPv4");
    spec.put("ipFamilyPolicy", "SingleStack").put("internalTrafficPolicy", "Cluster");
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
    createIfAbsent("services", svc);

    ObjectNode ep = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Endpoints");
    ep.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
        .put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    createIfAbsent("endpoints", ep);

    ObjectNode slice = Json.MAPPER.createObjectNode().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    slice.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
        .put("kubernetes.io/service-name", "kubernetes");
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address);
    endpoint.putObject("conditions").put("ready", true);
    slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    createIfAbsent("endpointslices", slice);
  }

  private void createIfAbsent(String resource, ObjectNode body) {
    String group = body.path("apiVersion").asText().contains("/") ? body.path("apiVersion").asText().split("/")[0] : "";
    ResourceType t = registry.find(group, "v1", resource).orElseThrow();
    String namespace = body.path("metadata").path("namespace").asText(null);
    String name = body.path("metadata").path("name").asText();
    try {
      store.get(t, namespace, name, null);
      return;
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    try {
      store.create(t, namespace, body, RequestContext.of("system:apiserver", false));
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  private void bootstrapNamespaces() {
    for (String name : SYSTEM_NAMESPACES) {
      ObjectNode body = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
      body.putObject("metadata").put("name", name);
      body.putObject("spec").putArray("finalizers").add("kubernetes");
      body.putObject("status").put("phase", "Active");
      createIfAbsent("namespaces", body);
    }
  }

  public int port() {
    return port;
  }

  /** The shards this instance writes now. */
  public java.util.Collection<Integer> ownedShards() {
    return shards.ownedShards();
  }

  public boolean ready() {
    return ready;
  }

  @Override
  public void close() {
    ready = false;
    if (maintenance != null) {
      maintenance.shutdownNow();
    }
    if (door != null) {
      door.close();
    }
    if (http != null) {
      http.stop();
    }
    if (crds != null) {
      crds.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    if (router != null) {
      router.close();
    }
    if (shards != null) {
      shards.close();
    }
    if (cache != null) {
      cache.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    log.info("API server {} stopped", config.store().instanceId());
  }
}
