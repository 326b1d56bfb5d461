package dev.kplane.kubelet;

import dev.kplane.kubelet.api.ApiClient;
import dev.kplane.kubelet.cri.CriClient;
import dev.kplane.kubelet.desired.DesiredState;
import dev.kplane.kubelet.desired.NodeTopicReader;
import dev.kplane.kubelet.node.Machine;
import dev.kplane.kubelet.node.NodeAgent;
import dev.kplane.kubelet.node.NodeStatus;
import dev.kplane.kubelet.pod.CrashBackoff;
import dev.kplane.kubelet.pod.NodeContext;
import dev.kplane.kubelet.pod.PodDns;
import dev.kplane.kubelet.pod.PodSync;
import dev.kplane.kubelet.pod.PodWorkers;
import dev.kplane.kubelet.pod.StatusWriter;
import dev.kplane.kubelet.probe.ProbeManager;
import dev.kplane.kubelet.probe.Prober;
import dev.kplane.kubelet.runtime.ContainerRuntime;
import dev.kplane.kubelet.runtime.CriRuntime;
import dev.kplane.kubelet.server.KubeletServer;
import dev.kplane.kubelet.volume.PodVolumes;
import dev.kplane.schemas.Topics;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: registers its Node, renews its Lease, reads the pods it must run from its node topic and
 * runs them through a CRI runtime, reporting their status to the API. Several kubelets (different node
 * names) can run in one JVM and share one containerd: each sees only the runtime objects labelled with its
 * node name.
 */
public final class Kubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  static final Duration RELIST = Duration.ofSeconds(1);
  static final Duration RESYNC = Duration.ofSeconds(10);

  private final KubeletConfig config;
  private final CriClient cri;
  private final ContainerRuntime runtime;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService pool;
  private final DesiredState desired = new DesiredState();
  private NodeTopicReader reader;
  private ProbeManager probes;
  private PodWorkers workers;
  private RuntimeRelist relist;
  private KubeletServer server;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** A kubelet on the CRI runtime at config.criSocket(). */
  public Kubelet(KubeletConfig config) {
    this(config, CriClient.connect(config.criSocket()));
  }

  /** A kubelet on a given CRI connection (e.g. the simulated runtime in-process); closing the kubelet closes it. */
  public Kubelet(KubeletConfig config, CriClient cri) {
    this.config = config;
    this.cri = cri;
    this.runtime = new CriRuntime(cri);
    this.scheduler = Executors.newScheduledThreadPool(2, daemon("kubelet-" + config.nodeName() + "-timer"));
    this.pool = Executors.newCachedThreadPool(daemon("kubelet-" + config.nodeName() + "-pod"));
  }

  public void start() {
    ContainerRuntime.RuntimeVersion version;
    try {
      version = runtime.version();
    } catch (io.grpc.StatusRuntimeException x) {
      throw new IllegalStateException("kubelet " + config.nodeName() + ": no CRI runtime answers on " + config.criSocket()
          + " (" + x.getStatus().getCode() + "); start containerd with bin/setup-containerd (as root)", x);
    }
    Machine machine = Machine.probe(config.rootDir());
    if (config.hostIp() != null) {
      machine = new Machine(machine.cpus(), machine.memoryBytes(), machine.ephemeralStorageBytes(), config.hostIp(),
          machine.kernelVersion(), machine.osImage(), machine.architecture(), machine.machineId(), machine.bootId());
    }
    Map<String, String> capacity = capacity(machine, config.capacity());
    ApiClient api = new ApiClient(config.apiUrl(), config.nodeName());
    PodSync[] sync = new PodSync[1];
    if (config.kubeletPort() >= 0) {
      server = new KubeletServer(config.kubeletPort(), new PodContainerLocator(desired, uid -> sync[0].observe(uid),
          config.logRoot()), cri.runtime());
      server.start();
    }
    NodeAgent agent = new NodeAgent(api, new NodeStatus.Facts(config.nodeName(), machine, capacity,
        version.name() + "://" + version.version(), server == null ? 0 : server.port()), Clock.systemUTC());
    agent.register();
    scheduler.scheduleWithFixedDelay(agent::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);

    Map<String, Quantity> allocatable = new LinkedHashMap<>();
    capacity.forEach((k, v) -> allocatable.put(k, new Quantity(v)));
    NodeContext node = new NodeContext(config.nodeName(), machine.hostIp(), allocatable,
        allocatable.get("memory").getNumericalAmount().longValue(), config.logRoot(),
        new PodDns(config.clusterDns(), config.clusterDomain(), PodDns.hostSearches(Path.of("/etc/resolv.conf"))));
    probes = new ProbeManager(new Prober(runtime), scheduler, uid -> workers.trigger(uid));
    sync[0] = new PodSync(node, runtime, version.name(), desired, new PodVolumes(config.rootDir()), probes,
        new CrashBackoff(), new StatusWriter(api), pool, Clock.systemUTC(),
        (uid, delay) -> scheduler.schedule(() -> workers.trigger(uid), delay.toMillis(), TimeUnit.MILLISECONDS));
    workers = new PodWorkers(pool, sync[0]::sync);
    reader = new NodeTopicReader(config.bootstrapServers(), new Topics(config.prefix()).node(config.nodeName()), desired,
        uids -> uids.forEach(workers::trigger));
    reader.start();
    relist = new RuntimeRelist(runtime, config.nodeName(), desired, reader::isCaughtUp, workers::trigger);
    scheduler.scheduleWithFixedDelay(relist::run, RELIST.toMillis(), RELIST.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(relist::resyncAll, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("kubelet {} started on {} ({} {})", config.nodeName(), config.criSocket(), version.name(), version.version());
  }

  /** The machine's capacity with the configured overrides; memory and storage in Ki as kubelet reports them. */
  static Map<String, String> capacity(Machine m, Map<String, String> overrides) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("cpu", Integer.toString(m.cpus()));
    c.put("ephemeral-storage", (m.ephemeralStorageBytes() / 1024) + "Ki");
    c.put("memory", (m.memoryBytes() / 1024) + "Ki");
    c.put("pods", "110");
    c.putAll(overrides);
    return c;
  }

  public String nodeName() {
    return config.nodeName();
  }

  /** The port of the kubelet's HTTP server (logs, exec), as reported in the Node's daemonEndpoints; 0 if none. */
  public int port() {
    return server == null ? 0 : server.port();
  }

  /** Stops the kubelet; its containers keep running (a restarted kubelet adopts them). */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    scheduler.shutdownNow();
    if (server != null) {
      server.close();
    }
    if (reader != null) {
      reader.close();
    }
    if (probes != null) {
      probes.close();
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
    runtime.close();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
