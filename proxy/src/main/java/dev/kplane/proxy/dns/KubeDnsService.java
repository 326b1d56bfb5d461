package dev.kplane.proxy.dns;

/**
 * The kube-dns Service and its EndpointSlice that make the cluster DNS reachable at the conventional ClusterIP
 * (10.96.0.10): pods' resolv.conf names that address, the proxy forwards it to where {@link ClusterDns} listens.
 * The slice is written by hand (the Service has no selector), as for any service backed by something outside pods.
 */
public final class KubeDnsService {
  public static final String DEFAULT_CLUSTER_IP = "10.96.0.10";

  private KubeDnsService() {}

  public static String service(String clusterIp) {
    return """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-dns","namespace":"kube-system",
         "labels":{"k8s-app":"kube-dns","kubernetes.io/name":"CoreDNS"}},
         "spec":{"clusterIP":"%s","ports":[{"name":"dns","port":53,"protocol":"UDP","targetPort":53},
          {"name":"dns-tcp","port":53,"protocol":"TCP","targetPort":53}]}}
        """.formatted(clusterIp);
  }

  /** @param address a node address where the cluster DNS listens, @param port its port */
  public static String endpointSlice(String address, int port) {
    return """
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"kube-dns-kplane",
         "namespace":"kube-system","labels":{"kubernetes.io/service-name":"kube-dns"}},
         "addressType":"IPv4","endpoints":[{"addresses":["%s"],"conditions":{"ready":true}}],
         "ports":[{"name":"dns","port":%d,"protocol":"UDP"},{"name":"dns-tcp","port":%d,"protocol":"TCP"}]}
        """.formatted(address, port, port);
  }
}
