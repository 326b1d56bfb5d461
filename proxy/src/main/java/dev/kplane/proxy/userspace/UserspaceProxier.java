package dev.kplane.proxy.userspace;

import dev.kplane.proxy.Proxier;
import dev.kplane.proxy.model.Categorized;
import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding without kernel rules: a listening socket per service port and destination. A ClusterIP that is an
 * address of this host is listened on directly; any other is served on its loopback alias (see
 * {@link ListenAddresses}), reachable from this host only. NodePorts listen on the node address (all addresses
 * when none is configured), external IPs where they are local.
 */
public final class UserspaceProxier implements Proxier {
  private static final Logger LOG = LoggerFactory.getLogger(UserspaceProxier.class);

  /** One listening socket the services want. */
  private record Listener(String description, String protocol, InetSocketAddress bind, List<Endpoint> endpoints,
      boolean affinity, int affinityTimeoutSeconds) {
    String key() {
      return protocol + " " + bind.getAddress().getHostAddress() + ":" + bind.getPort();
    }
  }

  private final String nodeAddress;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Forwarder> forwarders = new HashMap<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();

  /** @param nodeAddress the address NodePorts listen on; null: all addresses */
  public UserspaceProxier(String nodeAddress) {
    this.nodeAddress = nodeAddress;
  }

  @Override
  public synchronized boolean sync(List<ServicePortInfo> ports) {
    Map<String, Listener> wanted = new LinkedHashMap<>();
    for (ServicePortInfo svc : ports) {
      for (Listener l : listeners(svc)) {
        wanted.put(l.key(), l);
      }
    }
    forwarders.entrySet().removeIf(e -> {
      if (wanted.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().close();
      LOG.info("userspace proxy: stopped {} ({})", descriptions.remove(e.getKey()), e.getKey());
      return true;
    });
    for (Listener l : wanted.values()) {
      Forwarder f = forwarders.get(l.key());
      if (f == null) {
        f = open(l);
        if (f == null) {
          continue;
        }
      }
      f.picker().update(l.endpoints(), l.affinity(), l.affinityTimeoutSeconds());
    }
    return false;
  }

  private Forwarder open(Listener l) {
    BackendPicker picker = new BackendPicker(System::currentTimeMillis);
    try {
      Forwarder f = "udp".equals(l.protocol()) ? new UdpForwarder(l.description(), l.bind(), picker, threads)
          : new TcpForwarder(l.description(), l.bind(), picker, threads);
      forwarders.put(l.key(), f);
      descriptions.put(l.key(), l.description());
      LOG.info("userspace proxy: serving {} on {} {}", l.description(), l.protocol(), f.address());
      return f;
    } catch (IOException e) {
      LOG.warn("userspace proxy: cannot listen on {} {} for {}: {}", l.protocol(), l.bind(), l.description(),
          e.getMessage());
      return null;
    }
  }

  private List<Listener> listeners(ServicePortInfo svc) {
    if (!"tcp".equals(svc.name().protocol()) && !"udp".equals(svc.name().protocol())) {
      return List.of();
    }
    Categorized cat = Categorized.of(svc);
    String proto = svc.name().protocol();
    List<Endpoint> internal = cat.internal(svc);
    List<Endpoint> external = cat.external(svc);
    List<Listener> out = new ArrayList<>();
    String clusterBind = isLocal(svc.clusterIp()) ? svc.clusterIp() : ListenAddresses.loopbackAlias(svc.clusterIp());
    out.add(new Listener(svc.name() + " ClusterIP " + svc.clusterIp() + ":" + svc.port(), proto,
        new InetSocketAddress(clusterBind, svc.port()), internal, svc.clientIpAffinity(), svc.affinityTimeoutSeconds()));
    if (svc.nodePort() != 0) {
      InetSocketAddress bind = nodeAddress == null ? new InetSocketAddress(svc.nodePort())
          : new InetSocketAddress(nodeAddress, svc.nodePort());
      out.add(new Listener(svc.name() + " NodePort " + svc.nodePort(), proto, bind, external, svc.clientIpAffinity(),
          svc.affinityTimeoutSeconds()));
    }
    for (String ip : svc.externalIps()) {
      if (isLocal(ip)) {
        out.add(new Listener(svc.name() + " external IP " + ip + ":" + svc.port(), proto,
            new InetSocketAddress(ip, svc.port()), external, svc.clientIpAffinity(), svc.affinityTimeoutSeconds()));
      }
    }
    return out;
  }

  private static boolean isLocal(String ip) {
    try {
      InetAddress a = InetAddress.getByName(ip);
      return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Where each service port is served: description → listening address. */
  public synchronized Map<String, InetSocketAddress> listening() {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    forwarders.forEach((key, f) -> out.put(descriptions.get(key), f.address()));
    return out;
  }

  @Override
  public synchronized void close() {
    forwarders.values().forEach(Forwarder::close);
    forwarders.clear();
    threads.shutdownNow();
  }
}
