package dev.kplane.cluster;

import dev.kplane.kubelet.Kubelet;
import dev.kplane.kubelet.KubeletConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bin/kplane kubelet: one node agent on a CRI runtime (containerd). */
@Command(name = "kubelet", mixinStandardHelpOptions = true,
    description = {"Run one kubelet: registers the node, renews its Lease, runs the pods of its node topic "
        + "(<cluster>.node.<name>) through the CRI runtime and reports their status to the API. Start containerd "
        + "first with bin/setup-containerd (as root)."})
final class KubeletCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092")
  String kafka;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix (default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--api", defaultValue = "http://127.0.0.1:6443", description = "The API server (default ${DEFAULT-VALUE})")
  String api;

  @Option(names = "--node-name", required = true, description = "The Node's name")
  String nodeName;

  @Option(names = "--cri-socket", defaultValue = "/run/containerd/containerd.sock", description = "The CRI runtime's socket (default ${DEFAULT-VALUE})")
  Path criSocket;

  @Option(names = "--root-dir", description = "Pod directories (default /var/lib/kplane/kubelet/<node>)")
  Path rootDir;

  @Option(names = "--node-ip", description = "The node's InternalIP (default: detected)")
  String nodeIp;

  @Option(names = "--port", defaultValue = "0", description = "Port of the kubelet's HTTP server for logs and exec (default: a free one)")
  int port;

  @Option(names = "--cluster-dns", split = ",", description = "DNS servers of ClusterFirst pods (kplane up's cluster DNS is 10.96.0.10)")
  java.util.List<String> clusterDns = java.util.List.of();

  @Option(names = "--cluster-domain", defaultValue = "cluster.local", description = "The cluster's DNS domain (default ${DEFAULT-VALUE})")
  String clusterDomain;

  @Option(names = "--capacity", split = ",", description = "Capacity overrides, e.g. cpu=8,memory=16Gi,pods=200")
  Map<String, String> capacity = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    KubeletConfig config = KubeletConfig.defaults(kafka, clusterName, nodeName, api).withCriSocket(criSocket)
        .withCapacity(capacity).withHostIp(nodeIp).withKubeletPort(port).withClusterDns(clusterDns, clusterDomain);
    if (rootDir != null) {
      config = config.withRootDir(rootDir);
    }
    Kubelet kubelet = new Kubelet(config);
    return Foreground.run(kubelet, kubelet::start,
        () -> "kplane kubelet " + nodeName + " running (logs and exec on port " + kubelet.port() + ")");
  }
}
