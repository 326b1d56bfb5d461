package dev.kplane.proxy.userspace;

import dev.kplane.proxy.model.Endpoint;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Chooses the backend of a new connection: round robin, or with ClientIP affinity the backend a client used last
 * while that was less than the affinity timeout ago, as kube's userspace proxy's LoadBalancerRR does.
 */
final class BackendPicker {
  private record Sticky(Endpoint endpoint, long lastUsedMillis) {}

  private final LongSupplier clock;
  private List<Endpoint> endpoints = List.of();
  private boolean affinity;
  private long affinityMillis;
  private int next;
  private final Map<InetAddress, Sticky> sticky = new HashMap<>();

  BackendPicker(LongSupplier clock) {
    this.clock = clock;
  }

  synchronized void update(List<Endpoint> eps, boolean clientIpAffinity, int timeoutSeconds) {
    if (!eps.equals(endpoints)) {
      endpoints = List.copyOf(eps);
      next = 0;
      sticky.values().removeIf(s -> !endpoints.contains(s.endpoint));
    }
    affinity = clientIpAffinity;
    affinityMillis = timeoutSeconds * 1000L;
    if (!affinity) {
      sticky.clear();
    }
  }

  /** The backends to try for a client, best first: its sticky backend or the next in turn, then the rest in turn. */
  synchronized List<Endpoint> candidates(InetAddress client) {
    if (endpoints.isEmpty()) {
      return List.of();
    }
    long now = clock.getAsLong();
    Endpoint first = null;
    if (affinity) {
      Sticky s = sticky.get(client);
      if (s != null && now - s.lastUsedMillis < affinityMillis) {
        first = s.endpoint;
      }
    }
    if (first == null) {
      first = endpoints.get(next % endpoints.size());
      next = (next + 1) % endpoints.size();
    }
    if (affinity) {
      sticky.put(client, new Sticky(first, now));
    }
    List<Endpoint> out = new ArrayList<>(endpoints.size());
    out.add(first);
    int start = endpoints.indexOf(first);
    for (int i = 1; i < endpoints.size(); i++) {
      out.add(endpoints.get((start + i) % endpoints.size()));
    }
    return out;
  }

  /** A backend refused the connection: a client stuck to it picks afresh next time. */
  synchronized void failed(InetAddress client, Endpoint e) {
    Sticky s = sticky.get(client);
    if (s != null && s.endpoint.equals(e)) {
      sticky.remove(client);
    }
  }

  /** The backend a connection finally reached becomes the client's sticky one. */
  synchronized void connected(InetAddress client, Endpoint e) {
    if (affinity) {
      sticky.put(client, new Sticky(e, clock.getAsLong()));
    }
  }
}
