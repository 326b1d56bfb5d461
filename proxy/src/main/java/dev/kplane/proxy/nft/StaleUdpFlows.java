package dev.kplane.proxy.nft;

import dev.kplane.proxy.model.Categorized;
import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import dev.kplane.proxy.model.ServicePortName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UDP conntrack entries a sync leaves stale, as kube-proxy's conntrack.CleanStaleEntries finds them: an entry keeps
 * sending a UDP flow to the endpoint it was DNATed to, so flows to an endpoint that went away must be deleted, and
 * so must the entries of a service IP that had no endpoints (they hold the reject) once it has some.
 * Each result is the argument list of one {@code conntrack -D}.
 */
final class StaleUdpFlows {
  private StaleUdpFlows() {}

  static List<List<String>> of(List<ServicePortInfo> before, List<ServicePortInfo> now) {
    Map<ServicePortName, ServicePortInfo> old = new HashMap<>();
    before.stream().filter(s -> "udp".equals(s.name().protocol())).forEach(s -> old.put(s.name(), s));
    Set<List<String>> out = new LinkedHashSet<>();
    for (ServicePortInfo svc : now) {
      ServicePortInfo prev = old.remove(svc.name());
      if (prev == null) {
        continue;
      }
      List<Endpoint> had = Categorized.of(prev).allReachable();
      List<Endpoint> has = Categorized.of(svc).allReachable();
      for (Endpoint e : had) {
        if (!has.contains(e)) {
          removed(prev, e, out);
        }
      }
      if (had.isEmpty() && !has.isEmpty()) {
        for (String ip : ips(svc)) {
          out.add(List.of("-D", "-p", "udp", "--orig-dst", ip));
        }
      }
    }
    old.values().forEach(prev -> Categorized.of(prev).allReachable().forEach(e -> removed(prev, e, out)));
    return new ArrayList<>(out);
  }

  private static void removed(ServicePortInfo svc, Endpoint e, Set<List<String>> out) {
    for (String ip : ips(svc)) {
      out.add(List.of("-D", "-p", "udp", "--orig-dst", ip, "--dst-nat", e.ip()));
    }
    if (svc.nodePort() != 0) {
      out.add(List.of("-D", "-p", "udp", "--dport", Integer.toString(svc.nodePort()), "--dst-nat", e.ip()));
    }
  }

  private static List<String> ips(ServicePortInfo svc) {
    List<String> ips = new ArrayList<>();
    ips.add(svc.clusterIp());
    ips.addAll(svc.externalIps());
    return ips;
  }
}
