package dev.kplane.kubelet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a kubelet runs: the Kafka it reads its node topic from, the API it reports to, the CRI socket, its
 * directories and resources.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param prefix the cluster's topic prefix (the node topic is {@code <prefix>.node.<nodeName>})
 * @param nodeName the Node's name
 * @param apiUrl the API server, e.g. http://127.0.0.1:6443
 * @param criSocket the CRI runtime's unix socket
 * @param rootDir pod directories (volumes) live under {@code <rootDir>/pods/<uid>}
 * @param logRoot container logs: {@code <logRoot>/<ns>_<pod>_<uid>/<container>/<restartCount>.log}
 * @param capacity overrides of the machine's capacity (cpu, memory, pods, ephemeral-storage), as quantities
 * @param hostIp the node's InternalIP; null to detect it
 * @param kubeletPort the port of the kubelet HTTP server (logs, exec); 0 picks a free one, -1 runs none
 * @param clusterDns the cluster DNS servers ClusterFirst pods use (kubelet's --cluster-dns); empty: none
 * @param clusterDomain the cluster's DNS domain (kubelet's --cluster-domain)
 */
public record KubeletConfig(String bootstrapServers, String prefix, String nodeName, String apiUrl, Path criSocket,
    Path rootDir, Path logRoot, Map<String, String> capacity, String hostIp, int kubeletPort, List<String> clusterDns, String clusterDomain) {

  public static final Path DEFAULT_CRI_SOCKET = Path.of("/run/containerd/containerd.sock");
  public static final Path DEFAULT_LOG_ROOT = Path.of("/var/log/pods");

  /** Defaults: containerd's socket, /var/lib/kplane/kubelet/<node>, /var/log/pods, the machine's capacity, a free HTTP port. */
  public static KubeletConfig defaults(String bootstrapServers, String prefix, String nodeName, String apiUrl) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, DEFAULT_CRI_SOCKET,
        Path.of("/var/lib/kplane/kubelet", nodeName), DEFAULT_LOG_ROOT, Map.of(), null, 0, List.of(), "cluster.local");
  }

  public KubeletConfig withCriSocket(Path socket) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, socket, rootDir, logRoot, capacity, hostIp, kubeletPort, clusterDns, clusterDomain);
  }

  public KubeletConfig withRootDir(Path dir) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, criSocket, dir, logRoot, capacity, hostIp, kubeletPort, clusterDns, clusterDomain);
  }

  public KubeletConfig withLogRoot(Path dir) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, criSocket, rootDir, dir, capacity, hostIp, kubeletPort, clusterDns, clusterDomain);
  }

  public KubeletConfig withCapacity(Map<String, String> overrides) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, criSocket, rootDir, logRoot, overrides, hostIp, kubeletPort, clusterDns, clusterDomain);
  }

  public KubeletConfig withHostIp(String ip) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, criSocket, rootDir, logRoot, capacity, ip, kubeletPort, clusterDns, clusterDomain);
  }

  public KubeletConfig withKubeletPort(int port) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, criSocket, rootDir, logRoot, capacity, hostIp, port, clusterDns, clusterDomain);
  }

  public KubeletConfig withClusterDns(List<String> servers, String domain) {
    return new KubeletConfig(bootstrapServers, prefix, nodeName, apiUrl, criSocket, rootDir, logRoot, capacity, hostIp,
        kubeletPort, servers, domain);
  }
}
