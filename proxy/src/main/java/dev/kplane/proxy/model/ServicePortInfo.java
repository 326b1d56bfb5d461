package dev.kplane.proxy.model;

import java.util.List;

/**
 * What the proxy forwards for one port of one service: where traffic arrives (ClusterIP, external IPs, NodePort)
 * and the endpoints it may go to. The traffic-policy predicates are those of kube-proxy's BaseServicePortInfo.
 */
public record ServicePortInfo(
    ServicePortName name,
    String clusterIp,
    int port,
    int nodePort,
    List<String> externalIps,
    boolean clientIpAffinity,
    int affinityTimeoutSeconds,
    boolean internalPolicyLocal,
    boolean externalPolicyLocalRequested,
    List<Endpoint> endpoints) {

  public ServicePortInfo {
    externalIps = List.copyOf(externalIps);
    endpoints = List.copyOf(endpoints);
  }

  public boolean externallyAccessible() {
    return nodePort != 0 || !externalIps.isEmpty();
  }

  /** externalTrafficPolicy: Local only means something for traffic that arrives from outside. */
  public boolean externalPolicyLocal() {
    return externallyAccessible() && externalPolicyLocalRequested;
  }

  public boolean usesClusterEndpoints() {
    return !internalPolicyLocal || (externallyAccessible() && !externalPolicyLocal());
  }

  public boolean usesLocalEndpoints() {
    return internalPolicyLocal || externalPolicyLocal();
  }

  public ServicePortInfo withEndpoints(List<Endpoint> eps) {
    return new ServicePortInfo(name, clusterIp, port, nodePort, externalIps, clientIpAffinity, affinityTimeoutSeconds,
        internalPolicyLocal, externalPolicyLocalRequested, eps);
  }
}
