package dev.kplane.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolv.conf, as the kubelet's dns configurer decides it (pkg/kubelet/network/dns/dns.go GetPodDNS):
 * ClusterFirst pods (not on the host network) ask the cluster DNS with the search path
 * {@code <ns>.svc.<domain> svc.<domain> <domain>} and ndots:5; Default pods get the host's; None only their dnsConfig,
 * which is merged into the others.
 *
 * @param clusterDns the cluster DNS servers (kubelet's --cluster-dns); empty: ClusterFirst falls back to Default
 * @param clusterDomain the cluster's domain (kubelet's --cluster-domain)
 * @param hostSearches the search domains of the host's resolv.conf
 */
public record PodDns(List<String> clusterDns, String clusterDomain, List<String> hostSearches) {
  /** kube's limits on a resolv.conf: validation.MaxDNSNameservers and MaxDNSSearchPaths. */
  private static final int MAX_NAMESERVERS = 3;
  private static final int MAX_SEARCHES = 32;

  /** What goes into the CRI DNSConfig; all empty means the runtime copies the host's resolv.conf. */
  public record Config(List<String> servers, List<String> searches, List<String> options) {
    static final Config HOST = new Config(List.of(), List.of(), List.of());
  }

  public static PodDns none() {
    return new PodDns(List.of(), "cluster.local", List.of());
  }

  /** The host's search domains from /etc/resolv.conf (none when it cannot be read). */
  public static List<String> hostSearches(Path resolvConf) {
    try {
      for (String line : Files.readAllLines(resolvConf)) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 1 && (f[0].equals("search") || f[0].equals("domain"))) {
          return List.of(f).subList(1, f.length);
        }
      }
    } catch (IOException e) {
      // no host resolv.conf: no host search domains
    }
    return List.of();
  }

  public Config forPod(Pod pod) {
    String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    Config base = switch (policy) {
      case "None" -> new Config(List.of(), List.of(), List.of());
      case "ClusterFirstWithHostNet" -> clusterFirst(pod);
      case "ClusterFirst" -> hostNetwork ? Config.HOST : clusterFirst(pod);
      default -> Config.HOST;
    };
    return merge(base, pod.getSpec().getDnsConfig());
  }

  private Config clusterFirst(Pod pod) {
    if (clusterDns.isEmpty()) {
      return Config.HOST; // kube: "ClusterFirst policy specified but no cluster DNS IP configured; falling back to Default"
    }
    String ns = pod.getMetadata().getNamespace();
    List<String> searches = new ArrayList<>(List.of(ns + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
    searches.addAll(hostSearches);
    return new Config(clusterDns, searches, List.of("ndots:5"));
  }

  /** dnsConfig's servers and searches are appended (deduplicated), its options override same-named ones. */
  static Config merge(Config base, PodDNSConfig extra) {
    if (extra == null) {
      return base;
    }
    LinkedHashSet<String> servers = new LinkedHashSet<>(base.servers());
    if (extra.getNameservers() != null) {
      servers.addAll(extra.getNameservers());
    }
    LinkedHashSet<String> searches = new LinkedHashSet<>(base.searches());
    if (extra.getSearches() != null) {
      searches.addAll(extra.getSearches());
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String o : base.options()) {
      String[] kv = o.split(":", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : null);
    }
    if (extra.getOptions() != null) {
      extra.getOptions().forEach(o -> options.put(o.getName(), o.getValue()));
    }
    return new Config(List.copyOf(servers).subList(0, Math.min(MAX_NAMESERVERS, servers.size())),
        List.copyOf(searches).subList(0, Math.min(MAX_SEARCHES, searches.size())),
        options.entrySet().stream().map(e -> e.getValue() == null ? e.getKey() : e.getKey() + ":" + e.getValue()).toList());
  }
}
