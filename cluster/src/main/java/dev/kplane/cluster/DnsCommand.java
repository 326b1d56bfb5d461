package dev.kplane.cluster;

import dev.kplane.proxy.dns.ClusterDns;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bin/kplane dns: the cluster DNS server. */
@Command(name = "dns", mixinStandardHelpOptions = true,
    description = {"Run the cluster DNS: <svc>.<ns>.svc.<domain> A records (ClusterIP, or ready pod IPs for headless "
        + "services), SRV records for named ports and pod hostname records, from the Services and EndpointSlices "
        + "topics. Other names are forwarded to the nameservers of /etc/resolv.conf. Pods reach it through the "
        + "kube-dns Service (10.96.0.10) that `kplane up` creates."})
final class DnsCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092")
  String kafka;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--listen", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}). "
      + "Give the node's address when pods query it through the kube-dns Service: a wildcard UDP socket answers from "
      + "the address routing picks, which pods' resolvers drop.")
  String listen;

  @Option(names = "--port", defaultValue = "53", description = "UDP and TCP port (default ${DEFAULT-VALUE}; "
      + ClusterDns.FALLBACK_PORT + " when it cannot be bound)")
  int port;

  @Override
  public Integer call() throws Exception {
    ClusterDns dns = new ClusterDns(ClusterDns.Config.defaults(kafka, clusterName).withListen(listen, port));
    return Foreground.run(dns, dns::start, () -> "kplane DNS serving cluster.local at " + dns.address());
  }
}
