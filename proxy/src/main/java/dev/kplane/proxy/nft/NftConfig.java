package dev.kplane.proxy.nft;

import java.util.List;

/**
 * What the rules depend on beside the services.
 *
 * @param table the nftables table (family ip)
 * @param nodePortAddresses addresses that accept NodePort traffic; empty: every local address but 127.0.0.0/8
 * @param clusterCidr the pod network; traffic from outside it to a ClusterIP is masqueraded (null: not known)
 * @param serviceCidr the ClusterIP range; traffic to unallocated ClusterIPs is dropped
 * @param masqueradeAll masquerade all ClusterIP traffic (kube-proxy's --masquerade-all): replies then come back
 *     through this node even when a pod reaches a pod on the same bridge without br_netfilter
 */
public record NftConfig(String table, List<String> nodePortAddresses, String clusterCidr, String serviceCidr,
    boolean masqueradeAll) {
  public static final String DEFAULT_TABLE = "kplane";
  public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";

  public NftConfig {
    nodePortAddresses = List.copyOf(nodePortAddresses);
  }
}
