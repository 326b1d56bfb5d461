package dev.kplane.kubelet.runtime;

import java.util.List;
import java.util.Map;

/** What a sandbox is created from; also passed when creating its containers, as CRI wants. */
public record SandboxSpec(String podName, String podNamespace, String podUid, int attempt, String hostname,
    String logDirectory, boolean hostNetwork, List<PortMapping> ports, Map<String, String> labels,
    Map<String, String> annotations, String cgroupParent, List<String> dnsServers, List<String> dnsSearches,
    List<String> dnsOptions) {

  public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {}
}
