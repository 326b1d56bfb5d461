package dev.kplane.proxy.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.proxy.Cluster;
import dev.kplane.proxy.Proxy;
import dev.kplane.proxy.ProxyMode;
import dev.kplane.proxy.nft.Nft;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Services and slices created through the API are answered over UDP and TCP by the cluster DNS. */
class DnsIT {
  @Test
  void shouldAnswerServicesCreatedThroughTheApi() throws Exception {
    try (Cluster cluster = new Cluster("dns")) {
      JsonNode web = cluster.create("/api/v1/namespaces/default/services", """
          {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
           "spec":{"ports":[{"name":"http","port":80,"targetPort":8080}]}}
          """);
      String clusterIp = web.path("spec").path("clusterIP").asText();
      ClusterDns.Config config = ClusterDns.Config.defaults(cluster.bootstrap, cluster.prefix)
          .withListen("127.0.0.1", 0).withUpstreams(List.of());
      try (ClusterDns dns = new ClusterDns(config)) {
        dns.start();
        SimpleResolver udp = new SimpleResolver(dns.address());
        udp.setTimeout(Duration.ofSeconds(2));

        Message a = await(udp, "web.default.svc.cluster.local.", Type.A, m -> m.getRcode() == Rcode.NOERROR
            && !m.getSection(Section.ANSWER).isEmpty());
        assertEquals(clusterIp, ((ARecord) a.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        assertEquals("0 100 80 web.default.svc.cluster.local.",
            ask(udp, "_http._tcp.web.default.svc.cluster.local.", Type.SRV).getSection(Section.ANSWER).get(0)
                .rdataToString());
        assertEquals(Rcode.NXDOMAIN, ask(udp, "nope.default.svc.cluster.local.", Type.A).getRcode());
        assertEquals(Rcode.REFUSED, ask(udp, "example.com.", Type.A).getRcode());

        cluster.create("/api/v1/namespaces/default/services", """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"db"},
             "spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}
            """);
        cluster.create("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
            Cluster.slice("db-1", "db", "pg", 5432, "TCP", "10.88.0.7:ready:db-0", "10.88.0.8:notready:db-1"));
        SimpleResolver tcp = new SimpleResolver(dns.address());
        tcp.setTCP(true);
        Message db = await(tcp, "db.default.svc.cluster.local.", Type.A,
            m -> m.getRcode() == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty());
        assertEquals("10.88.0.7", answers(db));
        assertEquals("10.88.0.7", answers(ask(udp, "db-0.db.default.svc.cluster.local.", Type.A)));
      }
    }
  }

  /** The way pods resolve: the kube-dns ClusterIP, forwarded by the proxy's nftables rules to the cluster DNS. */
  @Test
  void shouldAnswerThroughTheKubeDnsClusterIp() throws Exception {
    assumeTrue(Nft.unusableReason().isEmpty(), "needs nftables");
    try (Cluster cluster = new Cluster("dns-vip")) {
      ClusterDns.Config config = ClusterDns.Config.defaults(cluster.bootstrap, cluster.prefix)
          .withListen("127.0.0.1", 0).withUpstreams(List.of());
      try (ClusterDns dns = new ClusterDns(config);
           Proxy proxy = new Proxy(Proxy.Config.defaults(cluster.bootstrap, cluster.prefix, "node-a")
               .withMode(ProxyMode.NFTABLES).withTable("kplane_dnsit"))) {
        dns.start();
        proxy.start();
        JsonNode kubeDns = cluster.create("/api/v1/namespaces/kube-system/services",
            KubeDnsService.service(KubeDnsService.DEFAULT_CLUSTER_IP));
        assertEquals(KubeDnsService.DEFAULT_CLUSTER_IP, kubeDns.path("spec").path("clusterIP").asText());
        cluster.create("/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices",
            KubeDnsService.endpointSlice("127.0.0.1", dns.address().getPort()));
        SimpleResolver viaVip = new SimpleResolver(KubeDnsService.DEFAULT_CLUSTER_IP);
        viaVip.setTimeout(Duration.ofMillis(500));
        Message m = awaitQuietly(viaVip, "kube-dns.kube-system.svc.cluster.local.", Type.A);
        assertEquals(KubeDnsService.DEFAULT_CLUSTER_IP, answers(m));
        viaVip.setTCP(true);
        assertEquals(KubeDnsService.DEFAULT_CLUSTER_IP,
            answers(ask(viaVip, "kube-dns.kube-system.svc.cluster.local.", Type.A)));
      }
    }
  }

  /** Until the rules exist a query to the ClusterIP times out: retry until it is answered. */
  private static Message awaitQuietly(SimpleResolver r, String name, int type) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        Message m = ask(r, name, type);
        if (!m.getSection(Section.ANSWER).isEmpty()) {
          return m;
        }
      } catch (java.io.IOException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no answer for " + name + " in time");
      }
      Thread.sleep(50);
    }
  }

  private static String answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().collect(Collectors.joining(","));
  }

  private static Message ask(SimpleResolver r, String name, int type) throws Exception {
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private static Message await(SimpleResolver r, String name, int type, java.util.function.Predicate<Message> ok)
      throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    Message last = null;
    while (System.currentTimeMillis() < deadline) {
      last = ask(r, name, type);
      if (ok.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no answer for " + name + " in time; last: " + last);
  }
}
