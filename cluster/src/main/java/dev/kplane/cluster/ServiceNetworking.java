package dev.kplane.cluster;

import dev.kplane.proxy.Proxy;
import dev.kplane.proxy.ProxyMode;
import dev.kplane.proxy.dns.ClusterDns;
import dev.kplane.proxy.dns.KubeDnsService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Deque;

/**
 * The service proxy and the cluster DNS of `kplane up --nodes N`: one proxy for the host (the nodes share its
 * network, and an nftables table is per host), the DNS server, and the kube-dns Service (10.96.0.10) with an
 * EndpointSlice naming where the DNS server listens, so pods' resolv.conf reaches it through the proxy.
 */
final class ServiceNetworking {
  private ServiceNetworking() {}

  static void start(String bootstrap, String cluster, String nodeName, String nodeAddress, String apiUrl,
                    Deque<AutoCloseable> running) throws IOException, InterruptedException {
    Proxy proxy = new Proxy(ProxyCommand.config(bootstrap, cluster, nodeName, nodeAddress, ProxyMode.AUTO)
        .withTable(cluster));
    running.push(proxy);
    proxy.start();
    // A UDP server bound to the wildcard address answers from whatever address routing picks (the bridge's, for a
    // pod), not the one the query went to, and the pod's resolver drops that answer: listen on the node address.
    ClusterDns dns = new ClusterDns(ClusterDns.Config.defaults(bootstrap, cluster).withListen(nodeAddress, 53));
    running.push(dns);
    dns.start();
    createIfAbsent(apiUrl + "/api/v1/namespaces/kube-system/services", KubeDnsService.service(KubeDnsService.DEFAULT_CLUSTER_IP));
    createIfAbsent(apiUrl + "/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices",
        KubeDnsService.endpointSlice(nodeAddress, dns.address().getPort()));
    System.out.println("kplane: service proxy in " + proxy.mode() + " mode; cluster DNS at " + dns.address()
        + ", reachable from pods at " + KubeDnsService.DEFAULT_CLUSTER_IP);
  }

  private static void createIfAbsent(String url, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 409) {
      throw new IllegalStateException("creating " + url + " failed with " + r.statusCode() + ": " + r.body());
    }
  }
}
