package dev.kplane.cluster;

import dev.kplane.apiserver.registry.admission.ServiceNetwork;
import picocli.CommandLine.Option;

/** The service address and node port ranges, with kube-apiserver's flag names and defaults. */
final class ServiceNetworkOptions {
  @Option(names = "--service-cluster-ip-range", defaultValue = "10.96.0.0/12",
      description = "IPv4 range Service ClusterIPs are allocated from (default ${DEFAULT-VALUE})")
  String serviceCidr;

  @Option(names = "--service-node-port-range", defaultValue = "30000-32767",
      description = "Port range NodePorts are allocated from (default ${DEFAULT-VALUE})")
  String nodePortRange;

  ServiceNetwork network() {
    String[] ports = nodePortRange.split("-");
    if (ports.length != 2) {
      throw new IllegalArgumentException("--service-node-port-range must look like 30000-32767, not " + nodePortRange);
    }
    return ServiceNetwork.parse(serviceCidr, Integer.parseInt(ports[0].trim()), Integer.parseInt(ports[1].trim()));
  }
}
