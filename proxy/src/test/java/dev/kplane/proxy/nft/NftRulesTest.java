package dev.kplane.proxy.nft;

import static dev.kplane.proxy.Fixtures.service;
import static dev.kplane.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.proxy.Fixtures.Ep;
import dev.kplane.proxy.model.ServicePorts;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Given services and slices, the per-service part of the nft script (after the fixed base). */
class NftRulesTest {
  static final NftConfig CONFIG = new NftConfig("kplane", List.of("192.168.0.2"), "10.0.0.0/8", "172.30.0.0/16", false);
  static final String NODE = "node-a";

  record Case(String name, List<Service> services, List<EndpointSlice> slices, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("ClusterIP with one endpoint",
            List.of(service("ns1", "svc1", "172.30.0.41", "p80", 80)),
            List.of(slice("ns1", "svc1", "p80", 80, List.of(Ep.ready("10.180.0.1")))),
            """
            add chain ip kplane service-ULMVA6XW-ns1/svc1/tcp/p80
            add chain ip kplane endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
            add rule ip kplane service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
            add rule ip kplane service-ULMVA6XW-ns1/svc1/tcp/p80 numgen inc mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
            add rule ip kplane endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
            add rule ip kplane endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
            add element ip kplane cluster-ips { 172.30.0.41 }
            add element ip kplane service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
            """),
        new Case("not-ready endpoints get no traffic; a service without ready endpoints is rejected",
            List.of(service("ns1", "svc1", "172.30.0.41", "p80", 80), service("ns6", "svc6", "172.30.0.46", "p80", 80)),
            List.of(slice("ns1", "svc1", "p80", 80, List.of(Ep.ready("10.180.0.1"), new Ep("10.180.0.2", false, null, null))),
                slice("ns6", "svc6", "p80", 80, List.of(new Ep("10.180.0.9", false, null, null)))),
            """
            add chain ip kplane service-ULMVA6XW-ns1/svc1/tcp/p80
            add chain ip kplane endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
            add rule ip kplane service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
            add rule ip kplane service-ULMVA6XW-ns1/svc1/tcp/p80 numgen inc mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
            add rule ip kplane endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
            add rule ip kplane endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
            add element ip kplane cluster-ips { 172.30.0.41 }
            add element ip kplane cluster-ips { 172.30.0.46 }
            add element ip kplane service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
            add element ip kplane no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
            """),
        new Case("NodePort with ClientIP affinity and two endpoints, round robin",
            List.of(service("ns5", "svc5", "172.30.0.45", "p80", 80, "TCP", b -> b.editSpec().withType("NodePort")
                .editFirstPort().withNodePort(3002).endPort().withSessionAffinity("ClientIP").withNewSessionAffinityConfig()
                .withNewClientIP().withTimeoutSeconds(10800).endClientIP().endSessionAffinityConfig().endSpec())),
            List.of(slice("ns5", "svc5", "p80", 80, List.of(Ep.ready("10.180.0.3"), Ep.ready("10.180.0.4")))),
            """
            add set ip kplane affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
            add set ip kplane affinity-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
            add chain ip kplane service-HVFWP5L3-ns5/svc5/tcp/p80
            add chain ip kplane external-HVFWP5L3-ns5/svc5/tcp/p80
            add chain ip kplane endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
            add chain ip kplane endpoint-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80
            add rule ip kplane service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
            add rule ip kplane service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
            add rule ip kplane service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 goto endpoint-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80
            add rule ip kplane service-HVFWP5L3-ns5/svc5/tcp/p80 numgen inc mod 2 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 , 1 : goto endpoint-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 }
            add rule ip kplane external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
            add rule ip kplane external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80
            add rule ip kplane endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
            add rule ip kplane endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
            add rule ip kplane endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
            add rule ip kplane endpoint-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
            add rule ip kplane endpoint-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 update @affinity-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 { ip saddr }
            add rule ip kplane endpoint-%4$s-ns5/svc5/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80
            add element ip kplane cluster-ips { 172.30.0.45 }
            add element ip kplane service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
            add element ip kplane service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
            """.replace("%4$s", ChainNames.hashAndTruncate("ns5/svc5/tcp/p80__10.180.0.4/80").substring(0, 8))),
        new Case("externalTrafficPolicy Local: NodePort traffic to the local endpoint only, host and pods short-circuit",
            List.of(service("ns2", "svc2", "172.30.0.42", "p80", 80, "UDP", b -> b.editSpec().withType("NodePort")
                .editFirstPort().withNodePort(3001).endPort().withExternalTrafficPolicy("Local").endSpec())),
            List.of(slice("ns2", "svc2", "svc2-x", "p80", 80, "UDP",
                List.of(new Ep("10.180.0.2", true, NODE, null), new Ep("10.180.1.2", true, "node-b", null)))),
            """
            add chain ip kplane service-%3$s-ns2/svc2/udp/p80
            add chain ip kplane local-%3$s-ns2/svc2/udp/p80
            add chain ip kplane external-%3$s-ns2/svc2/udp/p80
            add chain ip kplane endpoint-%1$s-ns2/svc2/udp/p80__10.180.0.2/80
            add chain ip kplane endpoint-%2$s-ns2/svc2/udp/p80__10.180.1.2/80
            add rule ip kplane service-%3$s-ns2/svc2/udp/p80 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
            add rule ip kplane service-%3$s-ns2/svc2/udp/p80 numgen inc mod 2 vmap { 0 : goto endpoint-%1$s-ns2/svc2/udp/p80__10.180.0.2/80 , 1 : goto endpoint-%2$s-ns2/svc2/udp/p80__10.180.1.2/80 }
            add rule ip kplane local-%3$s-ns2/svc2/udp/p80 numgen inc mod 1 vmap { 0 : goto endpoint-%1$s-ns2/svc2/udp/p80__10.180.0.2/80 }
            add rule ip kplane external-%3$s-ns2/svc2/udp/p80 ip saddr 10.0.0.0/8 goto service-%3$s-ns2/svc2/udp/p80 comment "short-circuit pod traffic"
            add rule ip kplane external-%3$s-ns2/svc2/udp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
            add rule ip kplane external-%3$s-ns2/svc2/udp/p80 fib saddr type local goto service-%3$s-ns2/svc2/udp/p80 comment "short-circuit local traffic"
            add rule ip kplane external-%3$s-ns2/svc2/udp/p80 goto local-%3$s-ns2/svc2/udp/p80
            add rule ip kplane endpoint-%1$s-ns2/svc2/udp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
            add rule ip kplane endpoint-%1$s-ns2/svc2/udp/p80__10.180.0.2/80 meta l4proto udp dnat to 10.180.0.2:80
            add rule ip kplane endpoint-%2$s-ns2/svc2/udp/p80__10.180.1.2/80 ip saddr 10.180.1.2 jump mark-for-masquerade
            add rule ip kplane endpoint-%2$s-ns2/svc2/udp/p80__10.180.1.2/80 meta l4proto udp dnat to 10.180.1.2:80
            add element ip kplane cluster-ips { 172.30.0.42 }
            add element ip kplane service-ips { 172.30.0.42 . udp . 80 : goto service-%3$s-ns2/svc2/udp/p80 }
            add element ip kplane service-nodeports { udp . 3001 : goto external-%3$s-ns2/svc2/udp/p80 }
            """.formatted(hash("ns2/svc2/udp/p80__10.180.0.2/80"), hash("ns2/svc2/udp/p80__10.180.1.2/80"),
                hash("ns2/svc2/udp/p80"))),
        new Case("internalTrafficPolicy Local without a local endpoint drops ClusterIP traffic",
            List.of(service("ns3", "svc3", "172.30.0.43", "p80", 80, "TCP",
                b -> b.editSpec().withInternalTrafficPolicy("Local").endSpec())),
            List.of(slice("ns3", "svc3", "p80", 80, List.of(new Ep("10.180.1.3", true, "node-b", null)))),
            """
            add element ip kplane cluster-ips { 172.30.0.43 }
            add element ip kplane no-endpoint-services { 172.30.0.43 . tcp . 80 comment "ns3/svc3:p80" : drop }
            """),
        new Case("headless and ExternalName services are not proxied",
            List.of(service("ns4", "h", "None", "p80", 80),
                service("ns4", "ext", "", "p80", 80, "TCP", b -> b.editSpec().withType("ExternalName")
                    .withExternalName("example.com").endSpec())),
            List.of(slice("ns4", "h", "p80", 80, List.of(Ep.ready("10.180.0.7")))),
            ""));
  }

  static String hash(String s) {
    return ChainNames.hashAndTruncate(s).substring(0, 8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldGenerateRules(Case c) {
    Ruleset r = NftRules.build(ServicePorts.of(c.services(), c.slices(), NODE), CONFIG);
    String base = NftScript.full(CONFIG, Ruleset.EMPTY);
    assertEquals(base + c.expected(), NftScript.full(CONFIG, r));
  }

  @Test
  void shouldReplaceTheWholeTableWithTheKubeProxyBase() {
    String expected = """
        add table ip kplane
        delete table ip kplane
        add table ip kplane { comment "rules for the kplane proxy" ; }
        add set ip kplane cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
        add set ip kplane nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }
        add map ip kplane no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
        add map ip kplane no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
        add map ip kplane service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
        add map ip kplane service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }
        add chain ip kplane cluster-ips-check
        add chain ip kplane filter-forward { type filter hook forward priority 0 ; }
        add chain ip kplane filter-input { type filter hook input priority 0 ; }
        add chain ip kplane filter-output { type filter hook output priority 0 ; }
        add chain ip kplane mark-for-masquerade
        add chain ip kplane masquerading
        add chain ip kplane nat-output { type nat hook output priority -100 ; }
        add chain ip kplane nat-postrouting { type nat hook postrouting priority 100 ; }
        add chain ip kplane nat-prerouting { type nat hook prerouting priority -100 ; }
        add chain ip kplane nodeport-endpoints-check
        add chain ip kplane reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
        add chain ip kplane services
        add chain ip kplane service-endpoints-check
        add rule ip kplane cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
        add rule ip kplane cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
        add rule ip kplane filter-forward ct state new jump service-endpoints-check
        add rule ip kplane filter-forward ct state new jump cluster-ips-check
        add rule ip kplane filter-input ct state new jump nodeport-endpoints-check
        add rule ip kplane filter-input ct state new jump service-endpoints-check
        add rule ip kplane filter-output ct state new jump service-endpoints-check
        add rule ip kplane filter-output ct state new jump cluster-ips-check
        add rule ip kplane mark-for-masquerade mark set mark or 0x4000
        add rule ip kplane masquerading mark and 0x4000 == 0 return
        add rule ip kplane masquerading mark set mark xor 0x4000
        add rule ip kplane masquerading masquerade fully-random
        add rule ip kplane nat-output jump services
        add rule ip kplane nat-postrouting jump masquerading
        add rule ip kplane nat-prerouting jump services
        add rule ip kplane nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
        add rule ip kplane reject-chain reject
        add rule ip kplane services ip daddr . meta l4proto . th dport vmap @service-ips
        add rule ip kplane services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
        add element ip kplane nodeport-ips { 192.168.0.2 }
        add rule ip kplane service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
        """;
    assertEquals(expected, NftScript.full(CONFIG, Ruleset.EMPTY));
  }
}
