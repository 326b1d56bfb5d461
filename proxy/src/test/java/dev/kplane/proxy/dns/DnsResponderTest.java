package dev.kplane.proxy.dns;

import static dev.kplane.proxy.Fixtures.service;
import static dev.kplane.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.proxy.Fixtures.Ep;
import dev.kplane.proxy.watch.ClusterView;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsResponderTest {
  static final DnsRecords ZONE = DnsRecords.of(new ClusterView(
      List.of(
          service("default", "web", "10.96.0.20", "http", 80),
          service("default", "db", "None", "pg", 5432),
          service("default", "ext", "", "x", 1, "TCP", b -> b.editSpec().withType("ExternalName")
              .withExternalName("example.com").withClusterIP(null).withClusterIPs().endSpec()),
          service("kube-system", "kube-dns", "10.96.0.10", "dns", 53, "UDP", b -> {})),
      List.of(
          slice("default", "web", "http", 8080, List.of(Ep.ready("10.88.0.5"))),
          slice("default", "db", "db-x", "pg", 5432, "TCP", List.of(new Ep("10.88.0.7", true, "n", "db-0"),
              Ep.ready("10.88.0.8"), new Ep("10.88.0.9", false, "n", "db-2"))))),
      "cluster.local", 1700000000);

  static Message ask(String name, int type) {
    return DnsResponder.answer(Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN)), ZONE);
  }

  static String section(Message m, int section) {
    return m.getSection(section).stream().map(Record::toString).sorted().collect(Collectors.joining("\n"));
  }

  @Test
  void shouldAnswerTheClusterIpOfAService() {
    Message m = ask("web.default.svc.cluster.local.", Type.A);
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertTrue(m.getHeader().getFlag(Flags.AA));
    assertEquals("web.default.svc.cluster.local.\t5\tIN\tA\t10.96.0.20", section(m, Section.ANSWER));
  }

  @Test
  void shouldAnswerSrvForNamedPortsWithTheServiceAsTarget() {
    Message m = ask("_http._tcp.web.default.svc.cluster.local.", Type.SRV);
    assertEquals("_http._tcp.web.default.svc.cluster.local.\t5\tIN\tSRV\t0 100 80 web.default.svc.cluster.local.",
        section(m, Section.ANSWER));
    assertEquals("web.default.svc.cluster.local.\t5\tIN\tA\t10.96.0.20", section(m, Section.ADDITIONAL));
    assertEquals("_dns._udp.kube-dns.kube-system.svc.cluster.local.\t5\tIN\tSRV\t0 100 53 kube-dns.kube-system.svc.cluster.local.",
        section(ask("_dns._udp.kube-dns.kube-system.svc.cluster.local.", Type.SRV), Section.ANSWER));
  }

  @Test
  void shouldAnswerTheReadyPodsOfAHeadlessService() {
    assertEquals("""
        db.default.svc.cluster.local.\t5\tIN\tA\t10.88.0.7
        db.default.svc.cluster.local.\t5\tIN\tA\t10.88.0.8""",
        section(ask("db.default.svc.cluster.local.", Type.A), Section.ANSWER));
    assertEquals("""
        _pg._tcp.db.default.svc.cluster.local.\t5\tIN\tSRV\t0 50 5432 10-88-0-8.db.default.svc.cluster.local.
        _pg._tcp.db.default.svc.cluster.local.\t5\tIN\tSRV\t0 50 5432 db-0.db.default.svc.cluster.local.""",
        section(ask("_pg._tcp.db.default.svc.cluster.local.", Type.SRV), Section.ANSWER));
  }

  @Test
  void shouldAnswerPodHostnameInSubdomain() {
    assertEquals("db-0.db.default.svc.cluster.local.\t5\tIN\tA\t10.88.0.7",
        section(ask("db-0.db.default.svc.cluster.local.", Type.A), Section.ANSWER));
    assertEquals(Rcode.NXDOMAIN, ask("db-2.db.default.svc.cluster.local.", Type.A).getRcode(), "not ready");
  }

  @Test
  void shouldAnswerNxdomainWithTheSoaForUnknownNames() {
    Message m = ask("nope.default.svc.cluster.local.", Type.A);
    assertEquals(Rcode.NXDOMAIN, m.getRcode());
    assertTrue(m.getHeader().getFlag(Flags.AA));
    assertEquals("cluster.local.\t\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5",
        section(m, Section.AUTHORITY));
  }

  @Test
  void shouldAnswerNodataForNamesWithoutThatType() {
    for (String name : List.of("default.svc.cluster.local.", "svc.cluster.local.", "web.default.svc.cluster.local.")) {
      Message m = ask(name, name.startsWith("web") ? Type.AAAA : Type.A);
      assertEquals(Rcode.NOERROR, m.getRcode(), name);
      assertEquals("", section(m, Section.ANSWER), name);
      assertTrue(section(m, Section.AUTHORITY).contains("SOA"), name);
    }
  }

  @Test
  void shouldAnswerCnameForExternalNameServices() {
    assertEquals("ext.default.svc.cluster.local.\t5\tIN\tCNAME\texample.com.",
        section(ask("ext.default.svc.cluster.local.", Type.A), Section.ANSWER));
  }

  @Test
  void shouldAnswerReverseLookupsForServicesAndPodRecords() {
    assertEquals("20.0.96.10.in-addr.arpa.\t5\tIN\tPTR\tweb.default.svc.cluster.local.",
        section(ask("20.0.96.10.in-addr.arpa.", Type.PTR), Section.ANSWER));
    assertEquals("10-88-0-33.default.pod.cluster.local.\t5\tIN\tA\t10.88.0.33",
        section(ask("10-88-0-33.default.pod.cluster.local.", Type.A), Section.ANSWER));
  }

  @Test
  void shouldLeaveOtherNamesToTheServer() {
    assertNull(ask("example.com.", Type.A));
    assertNull(ask("1.1.168.192.in-addr.arpa.", Type.PTR));
  }

  @Test
  void shouldAnswerTheZoneSoa() {
    assertEquals("cluster.local.\t\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5",
        section(ask("cluster.local.", Type.SOA), Section.ANSWER));
  }
}
