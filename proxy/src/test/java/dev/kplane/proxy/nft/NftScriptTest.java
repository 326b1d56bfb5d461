package dev.kplane.proxy.nft;

import static dev.kplane.proxy.Fixtures.service;
import static dev.kplane.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.proxy.Fixtures.Ep;
import dev.kplane.proxy.model.ServicePorts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync after the first touches only what changed. */
class NftScriptTest {
  static final NftConfig CONFIG = NftRulesTest.CONFIG;

  static Ruleset rules(String... endpointIps) {
    List<Ep> eps = java.util.Arrays.stream(endpointIps).map(Ep::ready).toList();
    return NftRules.build(ServicePorts.of(List.of(service("ns1", "svc1", "172.30.0.41", "p80", 80)),
        List.of(slice("ns1", "svc1", "p80", 80, eps)), "node-a"), CONFIG);
  }

  static String ep(String ip) {
    return "endpoint-" + ChainNames.endpoint(new dev.kplane.proxy.model.ServicePortName("ns1", "svc1", "p80", "tcp"),
        dev.kplane.proxy.model.Endpoint.ready(ip, 80, false));
  }

  @Test
  void shouldAddOnlyTheNewEndpointAndRewriteTheServiceChainWhenScaledUp() {
    String svc = "service-ULMVA6XW-ns1/svc1/tcp/p80";
    String expected = """
        add chain ip kplane %3$s
        flush chain ip kplane %1$s
        add rule ip kplane %1$s ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
        add rule ip kplane %1$s numgen inc mod 2 vmap { 0 : goto %2$s , 1 : goto %3$s }
        add rule ip kplane %3$s ip saddr 10.180.0.2 jump mark-for-masquerade
        add rule ip kplane %3$s meta l4proto tcp dnat to 10.180.0.2:80
        """.formatted(svc, ep("10.180.0.1"), ep("10.180.0.2"));
    assertEquals(expected, NftScript.update(CONFIG, rules("10.180.0.1"), rules("10.180.0.1", "10.180.0.2"), List.of()));
  }

  @Test
  void shouldFlushARemovedEndpointChainAndDeleteItLater() {
    String svc = "service-ULMVA6XW-ns1/svc1/tcp/p80";
    String expected = """
        flush chain ip kplane %1$s
        add rule ip kplane %1$s ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
        add rule ip kplane %1$s numgen inc mod 1 vmap { 0 : goto %2$s }
        flush chain ip kplane %3$s
        """.formatted(svc, ep("10.180.0.1"), ep("10.180.0.2"));
    Ruleset two = rules("10.180.0.1", "10.180.0.2");
    Ruleset one = rules("10.180.0.1");
    assertEquals(expected, NftScript.update(CONFIG, two, one, List.of()));
    assertEquals("delete chain ip kplane " + ep("10.180.0.2") + "\n",
        NftScript.update(CONFIG, one, one, List.of(ep("10.180.0.2"))));
  }

  @Test
  void shouldMoveTheServiceToTheRejectMapWhenItsLastEndpointGoes() {
    String svc = "service-ULMVA6XW-ns1/svc1/tcp/p80";
    String expected = """
        delete element ip kplane service-ips { 172.30.0.41 . tcp . 80 }
        add element ip kplane no-endpoint-services { 172.30.0.41 . tcp . 80 comment "ns1/svc1:p80" : goto reject-chain }
        flush chain ip kplane %1$s
        flush chain ip kplane %2$s
        """.formatted(svc, ep("10.180.0.1"));
    assertEquals(expected, NftScript.update(CONFIG, rules("10.180.0.1"), rules(), List.of()));
  }

  @Test
  void shouldWriteNothingWhenNothingChanged() {
    assertEquals("", NftScript.update(CONFIG, rules("10.180.0.1"), rules("10.180.0.1"), List.of()));
  }
}
