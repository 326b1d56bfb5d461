package dev.kplane.proxy.dns;

import dev.kplane.proxy.SyncLoop;
import dev.kplane.proxy.watch.ClusterView;
import dev.kplane.proxy.watch.ServiceWatcher;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS ({@code bin/kplane dns}): serves the cluster zone from the Services and EndpointSlices topics,
 * forwards other names to the host's nameservers (or answers REFUSED when there are none or forwarding is off).
 * Pods reach it the Kubernetes way through a kube-dns Service whose ClusterIP their resolv.conf names (see
 * {@link KubeDnsService}).
 */
public final class ClusterDns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
  public static final String DEFAULT_DOMAIN = "cluster.local";
  /** Where it listens when port 53 cannot be bound (not root, or taken). */
  public static final int FALLBACK_PORT = 10053;

  /**
   * @param listenAddress address to listen on (default 0.0.0.0: every address, so the node address serves pods)
   * @param port 53 by default; 0 picks a free port (tests)
   * @param upstreams nameservers for other names; null: those of /etc/resolv.conf; empty: answer REFUSED
   */
  public record Config(String bootstrap, String prefix, String listenAddress, int port, String clusterDomain,
      List<InetSocketAddress> upstreams) {
    public static Config defaults(String bootstrap, String prefix) {
      return new Config(bootstrap, prefix, "0.0.0.0", 53, DEFAULT_DOMAIN, null);
    }

    public Config withListen(String address, int p) {
      return new Config(bootstrap, prefix, address, p, clusterDomain, upstreams);
    }

    public Config withUpstreams(List<InetSocketAddress> u) {
      return new Config(bootstrap, prefix, listenAddress, port, clusterDomain, u);
    }
  }

  private final Config config;
  private final AtomicReference<ClusterView> latest = new AtomicReference<>(ClusterView.EMPTY);
  private volatile DnsRecords zone;
  private final SyncLoop loop;
  private final ServiceWatcher watcher;
  private DnsServer server;

  public ClusterDns(Config config) {
    this.config = config;
    this.zone = DnsRecords.of(ClusterView.EMPTY, config.clusterDomain(), serial());
    this.loop = new SyncLoop("dns-zone", 50, () -> {
      zone = DnsRecords.of(latest.get(), config.clusterDomain(), serial());
      return false;
    });
    this.watcher = new ServiceWatcher(config.bootstrap(), config.prefix(), "kplane-dns", view -> {
      latest.set(view);
      loop.request();
    });
  }

  public void start() throws IOException {
    InetSocketAddress bind = new InetSocketAddress(config.listenAddress(), config.port());
    Upstream upstream = upstream(bind);
    try {
      server = new DnsServer(bind, () -> zone, upstream);
    } catch (BindException e) {
      if (config.port() != 53) {
        throw e;
      }
      LOG.warn("cluster DNS cannot listen on port 53 ({}); using port {}", e.getMessage(), FALLBACK_PORT);
      server = new DnsServer(new InetSocketAddress(config.listenAddress(), FALLBACK_PORT), () -> zone, upstream);
    }
    watcher.start();
    LOG.info("cluster DNS: zone {} on udp and tcp {}; other names {}", config.clusterDomain(), server.address(),
        upstream == null ? "answered REFUSED" : "forwarded to " + upstream.servers());
  }

  private Upstream upstream(InetSocketAddress self) throws IOException {
    List<InetSocketAddress> servers = config.upstreams() != null ? config.upstreams()
        : Upstream.fromResolvConf(Path.of("/etc/resolv.conf"), self);
    return servers.isEmpty() ? null : new Upstream(servers);
  }

  private static long serial() {
    return System.currentTimeMillis() / 1000;
  }

  /** Where it answers (the port actually bound). */
  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    watcher.close();
    loop.close();
    if (server != null) {
      server.close();
    }
  }
}
