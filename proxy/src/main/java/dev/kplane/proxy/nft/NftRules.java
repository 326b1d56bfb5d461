package dev.kplane.proxy.nft;

import dev.kplane.proxy.model.Categorized;
import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Services → nftables rules in the structure of kube-proxy's nftables mode (syncProxyRules): the services chain
 * dispatches through the service-ips and service-nodeports verdict maps to one chain per service port, which picks
 * an endpoint chain that DNATs. Differences from kube-proxy: endpoints are picked round robin ({@code numgen inc}
 * instead of {@code numgen random}), and there is no LoadBalancer source-range firewall.
 */
public final class NftRules {
  static final String CLUSTER_IPS = "cluster-ips";
  static final String NODEPORT_IPS = "nodeport-ips";
  static final String SERVICE_IPS = "service-ips";
  static final String SERVICE_NODEPORTS = "service-nodeports";
  static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
  static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
  static final String MARK_MASQ = "mark-for-masquerade";
  static final String REJECT_CHAIN = "reject-chain";
  static final String MASQUERADE_MARK = "0x4000";

  private NftRules() {}

  /** The fixed part of the table: base chains on the netfilter hooks, dispatch maps, masquerading, rejects. */
  static List<String> base(NftConfig c) {
    String t = "ip " + c.table();
    boolean nodePortSet = !c.nodePortAddresses().isEmpty();
    List<String> l = new ArrayList<>();
    l.add("add table " + t + " { comment \"rules for the kplane proxy\" ; }");
    l.add("add set " + t + " " + CLUSTER_IPS + " { type ipv4_addr ; comment \"Active ClusterIPs\" ; }");
    if (nodePortSet) {
      l.add("add set " + t + " " + NODEPORT_IPS + " { type ipv4_addr ; comment \"IPs that accept NodePort traffic\" ; }");
    }
    l.add("add map " + t + " " + NO_ENDPOINT_NODEPORTS + " { type inet_proto . inet_service : verdict ; "
        + "comment \"vmap to drop or reject packets to service nodeports with no endpoints\" ; }");
    l.add("add map " + t + " " + NO_ENDPOINT_SERVICES + " { type ipv4_addr . inet_proto . inet_service : verdict ; "
        + "comment \"vmap to drop or reject packets to services with no endpoints\" ; }");
    l.add("add map " + t + " " + SERVICE_IPS + " { type ipv4_addr . inet_proto . inet_service : verdict ; "
        + "comment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\" ; }");
    l.add("add map " + t + " " + SERVICE_NODEPORTS + " { type inet_proto . inet_service : verdict ; "
        + "comment \"NodePort traffic\" ; }");
    l.add("add chain " + t + " cluster-ips-check");
    l.add("add chain " + t + " filter-forward { type filter hook forward priority 0 ; }");
    l.add("add chain " + t + " filter-input { type filter hook input priority 0 ; }");
    l.add("add chain " + t + " filter-output { type filter hook output priority 0 ; }");
    l.add("add chain " + t + " " + MARK_MASQ);
    l.add("add chain " + t + " masquerading");
    l.add("add chain " + t + " nat-output { type nat hook output priority -100 ; }");
    l.add("add chain " + t + " nat-postrouting { type nat hook postrouting priority 100 ; }");
    l.add("add chain " + t + " nat-prerouting { type nat hook prerouting priority -100 ; }");
    l.add("add chain " + t + " nodeport-endpoints-check");
    l.add("add chain " + t + " " + REJECT_CHAIN + " { comment \"helper for @no-endpoint-services / @no-endpoint-nodeports\" ; }");
    l.add("add chain " + t + " services");
    l.add("add chain " + t + " service-endpoints-check");
    l.add("add rule " + t + " cluster-ips-check ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"");
    l.add("add rule " + t + " cluster-ips-check ip daddr { " + c.serviceCidr() + " } drop comment \"Drop traffic to unallocated ClusterIPs\"");
    l.add("add rule " + t + " filter-forward ct state new jump service-endpoints-check");
    l.add("add rule " + t + " filter-forward ct state new jump cluster-ips-check");
    l.add("add rule " + t + " filter-input ct state new jump nodeport-endpoints-check");
    l.add("add rule " + t + " filter-input ct state new jump service-endpoints-check");
    l.add("add rule " + t + " filter-output ct state new jump service-endpoints-check");
    l.add("add rule " + t + " filter-output ct state new jump cluster-ips-check");
    l.add("add rule " + t + " " + MARK_MASQ + " mark set mark or " + MASQUERADE_MARK);
    l.add("add rule " + t + " masquerading mark and " + MASQUERADE_MARK + " == 0 return");
    l.add("add rule " + t + " masquerading mark set mark xor " + MASQUERADE_MARK);
    l.add("add rule " + t + " masquerading masquerade fully-random");
    l.add("add rule " + t + " nat-output jump services");
    l.add("add rule " + t + " nat-postrouting jump masquerading");
    l.add("add rule " + t + " nat-prerouting jump services");
    String nodePortMatch = nodePortSet ? "ip daddr @" + NODEPORT_IPS : "fib daddr type local ip daddr != 127.0.0.0/8";
    l.add("add rule " + t + " nodeport-endpoints-check " + nodePortMatch + " meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS);
    l.add("add rule " + t + " " + REJECT_CHAIN + " reject");
    l.add("add rule " + t + " services ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS);
    l.add("add rule " + t + " services " + nodePortMatch + " meta l4proto . th dport vmap @" + SERVICE_NODEPORTS);
    if (nodePortSet) {
      l.add("add element " + t + " " + NODEPORT_IPS + " { " + String.join(", ", c.nodePortAddresses()) + " }");
    }
    l.add("add rule " + t + " service-endpoints-check ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES);
    return l;
  }

  /** The per-service chains, affinity sets and map elements for these service ports. */
  public static Ruleset build(List<ServicePortInfo> ports, NftConfig c) {
    Builder b = new Builder(c);
    ports.forEach(b::add);
    return new Ruleset(b.chains, b.affinitySets, b.elements);
  }

  private static final class Builder {
    final NftConfig c;
    final Map<String, List<String>> chains = new LinkedHashMap<>();
    final Map<String, Integer> affinitySets = new LinkedHashMap<>();
    final Map<String, SortedMap<String, Element>> elements = new LinkedHashMap<>();

    Builder(NftConfig c) {
      this.c = c;
      for (String m : List.of(CLUSTER_IPS, SERVICE_IPS, SERVICE_NODEPORTS, NO_ENDPOINT_SERVICES, NO_ENDPOINT_NODEPORTS)) {
        elements.put(m, new TreeMap<>());
      }
    }

    void add(ServicePortInfo svc) {
      String proto = svc.name().protocol();
      String base = ChainNames.service(svc.name());
      String comment = svc.name().toString();
      Categorized cat = Categorized.of(svc);

      String clusterChain = "service-" + base;
      String localChain = "local-" + base;
      String externalChain = "external-" + base;
      boolean usesClusterChain = !cat.cluster().isEmpty() && svc.usesClusterEndpoints();
      boolean usesLocalChain = !cat.local().isEmpty() && svc.usesLocalEndpoints();
      String internalChain = svc.internalPolicyLocal() ? localChain : clusterChain;
      boolean hasInternal = cat.hasAny() && !(svc.internalPolicyLocal() && cat.local().isEmpty());
      String externalPolicyChain = svc.externalPolicyLocal() ? localChain : clusterChain;
      boolean hasExternal = cat.hasAny() && !(svc.externalPolicyLocal() && cat.local().isEmpty());
      boolean usesExternalChain = cat.hasAny() && svc.externallyAccessible();

      // With no endpoints anywhere the service is rejected; with none for a Local policy its traffic is dropped.
      String internalVerdict = cat.hasAny() ? "drop" : "goto " + REJECT_CHAIN;
      String externalVerdict = internalVerdict;

      String svcKey = svc.clusterIp() + " . " + proto + " . " + svc.port();
      put(CLUSTER_IPS, new Element(svc.clusterIp(), null, null));
      if (hasInternal) {
        put(SERVICE_IPS, new Element(svcKey, null, "goto " + internalChain));
      } else {
        put(NO_ENDPOINT_SERVICES, new Element(svcKey, comment, internalVerdict));
      }
      for (String ip : svc.externalIps()) {
        String key = ip + " . " + proto + " . " + svc.port();
        if (cat.hasAny()) {
          put(SERVICE_IPS, new Element(key, null, "goto " + externalChain));
        }
        if (!hasExternal) {
          put(NO_ENDPOINT_SERVICES, new Element(key, comment, externalVerdict));
        }
      }
      if (svc.nodePort() != 0) {
        String key = proto + " . " + svc.nodePort();
        if (cat.hasAny()) {
          put(SERVICE_NODEPORTS, new Element(key, null, "goto " + externalChain));
        }
        if (!hasExternal) {
          put(NO_ENDPOINT_NODEPORTS, new Element(key, comment, externalVerdict));
        }
      }

      List<String> internalRules = new ArrayList<>();
      if (hasInternal) {
        if (c.masqueradeAll()) {
          internalRules.add("ip daddr " + svc.clusterIp() + " " + proto + " dport " + svc.port() + " jump " + MARK_MASQ);
        } else if (c.clusterCidr() != null) {
          internalRules.add("ip daddr " + svc.clusterIp() + " ip saddr != " + c.clusterCidr() + " jump " + MARK_MASQ);
        }
      }
      if (usesClusterChain) {
        chains.put(clusterChain, policyChain(svc, cat.cluster(), clusterChain.equals(internalChain) ? internalRules : List.of()));
      }
      if (usesLocalChain) {
        chains.put(localChain, policyChain(svc, cat.local(), localChain.equals(internalChain) ? internalRules : List.of()));
      }
      if (usesExternalChain) {
        chains.put(externalChain, externalChain(svc, usesClusterChain, clusterChain, hasExternal, externalPolicyChain));
      }
      if (svc.clientIpAffinity()) {
        for (Endpoint e : cat.allReachable()) {
          affinitySets.put("affinity-" + ChainNames.endpoint(svc.name(), e), svc.affinityTimeoutSeconds());
        }
      }
      for (Endpoint e : cat.allReachable()) {
        chains.put(endpointChain(svc, e), endpointRules(svc, e));
      }
    }

    private List<String> externalChain(ServicePortInfo svc, boolean clusterChainExists, String clusterChain,
        boolean hasExternal, String externalPolicyChain) {
      List<String> rules = new ArrayList<>();
      if (!svc.externalPolicyLocal()) {
        // Cluster policy may send the traffic to another node: masquerade so the reply comes back through here.
        rules.add("jump " + MARK_MASQ);
      } else if (clusterChainExists) {
        if (c.clusterCidr() != null) {
          rules.add("ip saddr " + c.clusterCidr() + " goto " + clusterChain + " comment \"short-circuit pod traffic\"");
        }
        rules.add("fib saddr type local jump " + MARK_MASQ + " comment \"masquerade local traffic\"");
        rules.add("fib saddr type local goto " + clusterChain + " comment \"short-circuit local traffic\"");
      }
      if (hasExternal) {
        rules.add("goto " + externalPolicyChain);
      }
      return rules;
    }

    private List<String> policyChain(ServicePortInfo svc, List<Endpoint> eps, List<String> first) {
      List<String> rules = new ArrayList<>(first);
      if (svc.clientIpAffinity()) {
        for (Endpoint e : eps) {
          rules.add("ip saddr @affinity-" + ChainNames.endpoint(svc.name(), e) + " goto " + endpointChain(svc, e));
        }
      }
      List<String> targets = new ArrayList<>();
      for (int i = 0; i < eps.size(); i++) {
        targets.add(i + " : goto " + endpointChain(svc, eps.get(i)));
      }
      rules.add("numgen inc mod " + eps.size() + " vmap { " + String.join(" , ", targets) + " }");
      return rules;
    }

    private List<String> endpointRules(ServicePortInfo svc, Endpoint e) {
      List<String> rules = new ArrayList<>();
      // Hairpin: a pod reaching itself through the service must see the reply come from the service.
      rules.add("ip saddr " + e.ip() + " jump " + MARK_MASQ);
      if (svc.clientIpAffinity()) {
        rules.add("update @affinity-" + ChainNames.endpoint(svc.name(), e) + " { ip saddr }");
      }
      rules.add("meta l4proto " + svc.name().protocol() + " dnat to " + e);
      return rules;
    }

    private static String endpointChain(ServicePortInfo svc, Endpoint e) {
      return "endpoint-" + ChainNames.endpoint(svc.name(), e);
    }

    private void put(String map, Element e) {
      elements.get(map).put(e.key(), e);
    }
  }
}
