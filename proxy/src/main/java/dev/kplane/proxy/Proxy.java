package dev.kplane.proxy;

import dev.kplane.proxy.model.ServicePorts;
import dev.kplane.proxy.nft.Nft;
import dev.kplane.proxy.nft.NftConfig;
import dev.kplane.proxy.nft.NftablesProxier;
import dev.kplane.proxy.userspace.UserspaceProxier;
import dev.kplane.proxy.watch.ClusterView;
import dev.kplane.proxy.watch.ServiceWatcher;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service proxy of one node ({@code bin/kplane proxy}): reads Services and EndpointSlices from their topics
 * and keeps ClusterIP and NodePort forwarding to their ready endpoints, with nftables rules where it may change
 * them, else with a userspace forwarder. Changes reach the forwarding within a second.
 */
public final class Proxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);
  static final long DEBOUNCE_MS = 100;

  /**
   * @param bootstrap Kafka bootstrap servers
   * @param prefix the cluster's topic prefix
   * @param nodeName this node: endpoints on it are the local ones of the Local traffic policies
   * @param mode auto (nftables when usable), nftables or userspace
   * @param nodeAddress the address NodePorts answer on; null: every local address (nftables: but 127.0.0.0/8)
   * @param clusterCidr the pod network, for masquerading traffic from outside it; null when unknown
   * @param serviceCidr the ClusterIP range
   * @param masqueradeAll masquerade all service traffic (see {@link NftConfig})
   * @param removeRulesOnClose delete the nftables table when closing (kube-proxy leaves it)
   */
  public record Config(String bootstrap, String prefix, String nodeName, ProxyMode mode, String nodeAddress,
      String clusterCidr, String serviceCidr, boolean masqueradeAll, boolean removeRulesOnClose, String table) {
    public static Config defaults(String bootstrap, String prefix, String nodeName) {
      return new Config(bootstrap, prefix, nodeName, ProxyMode.AUTO, null, null, NftConfig.DEFAULT_SERVICE_CIDR, true,
          true, NftConfig.DEFAULT_TABLE);
    }

    public Config withMode(ProxyMode m) {
      return new Config(bootstrap, prefix, nodeName, m, nodeAddress, clusterCidr, serviceCidr, masqueradeAll,
          removeRulesOnClose, table);
    }

    public Config withNodeAddress(String a) {
      return new Config(bootstrap, prefix, nodeName, mode, a, clusterCidr, serviceCidr, masqueradeAll,
          removeRulesOnClose, table);
    }

    public Config withTable(String t) {
      return new Config(bootstrap, prefix, nodeName, mode, nodeAddress, clusterCidr, serviceCidr, masqueradeAll,
          removeRulesOnClose, t);
    }
  }

  private final Config config;
  private final ProxyMode mode;
  private final Proxier proxier;
  private final ServiceWatcher watcher;
  private final SyncLoop loop;
  private final AtomicReference<ClusterView> latest = new AtomicReference<>();

  public Proxy(Config config) {
    this.config = config;
    Optional<String> nftUnusable = config.mode() == ProxyMode.USERSPACE ? Optional.empty() : Nft.unusableReason();
    this.mode = ProxyMode.choose(config.mode(), nftUnusable);
    if (mode == ProxyMode.NFTABLES) {
      proxier = new NftablesProxier(new NftConfig(config.table(),
          config.nodeAddress() == null ? List.of() : List.of(config.nodeAddress()), config.clusterCidr(),
          config.serviceCidr(), config.masqueradeAll()), config.removeRulesOnClose());
      LOG.info("kplane proxy on node {}: mode nftables (table ip {}, NodePorts on {})", config.nodeName(),
          config.table(), config.nodeAddress() == null ? "every local address" : config.nodeAddress());
    } else {
      proxier = new UserspaceProxier(config.nodeAddress());
      LOG.info("kplane proxy on node {}: mode userspace{}; ClusterIPs that are not addresses of this host are served "
              + "on their loopback alias 127.b.c.d (reachable from this host only), NodePorts on {}",
          config.nodeName(), nftUnusable.map(r -> " (" + r + ")").orElse(""),
          config.nodeAddress() == null ? "every address" : config.nodeAddress());
    }
    loop = new SyncLoop("proxy-sync", DEBOUNCE_MS, this::sync);
    watcher = new ServiceWatcher(config.bootstrap(), config.prefix(), "kplane-proxy-" + config.nodeName(), view -> {
      latest.set(view);
      loop.request();
    });
  }

  public void start() {
    watcher.start();
  }

  private boolean sync() throws Exception {
    ClusterView view = latest.get();
    if (view == null) {
      return false;
    }
    return proxier.sync(ServicePorts.of(view.services(), view.slices(), config.nodeName()));
  }

  public ProxyMode mode() {
    return mode;
  }

  /** In userspace mode, where each service port is served (description → address); empty in nftables mode. */
  public Map<String, InetSocketAddress> userspaceListeners() {
    return proxier instanceof UserspaceProxier u ? u.listening() : Map.of();
  }

  @Override
  public void close() {
    watcher.close();
    loop.close();
    proxier.close();
  }
}
