package dev.kplane.cluster;

import dev.kplane.proxy.Proxy;
import dev.kplane.proxy.ProxyMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bin/kplane proxy: the service proxy of one node (one per host: its nftables table is the host's). */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = {"Run the service proxy: Services and EndpointSlices (read from their topics) become ClusterIP and "
        + "NodePort forwarding to ready endpoints. As root with nft available it writes an nftables table "
        + "(kube-proxy's nftables mode); otherwise it forwards in userspace (NodePorts, and ClusterIPs from this host "
        + "only). The mode is logged at start."})
final class ProxyCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092")
  String kafka;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--node-name", required = true, description = "This node: its endpoints are the local ones of Local traffic policies")
  String nodeName;

  @Option(names = "--node-address", description = "The address NodePorts answer on (default: every local address)")
  String nodeAddress;

  @Option(names = "--mode", defaultValue = "AUTO", description = "AUTO, NFTABLES or USERSPACE (default ${DEFAULT-VALUE})")
  ProxyMode mode;

  @Override
  public Integer call() throws Exception {
    Proxy proxy = new Proxy(config(kafka, clusterName, nodeName, nodeAddress, mode));
    return Foreground.run(proxy, proxy::start,
        () -> "kplane proxy running for node " + nodeName + " in " + proxy.mode() + " mode");
  }

  static Proxy.Config config(String kafka, String cluster, String nodeName, String nodeAddress, ProxyMode mode) {
    return Proxy.Config.defaults(kafka, cluster, nodeName).withMode(mode).withNodeAddress(nodeAddress);
  }
}
