package dev.kplane.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortName;
import org.junit.jupiter.api.Test;

class ChainNamesTest {
  /** The names kube-proxy's own tests expect (pkg/proxy/nftables/proxier_test.go), so rules read the same. */
  @Test
  void shouldNameChainsAsKubeProxyDoes() {
    ServicePortName svc1 = new ServicePortName("ns1", "svc1", "p80", "tcp");
    assertEquals("ULMVA6XW-ns1/svc1/tcp/p80", ChainNames.service(svc1));
    assertEquals("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80",
        ChainNames.endpoint(svc1, Endpoint.ready("10.180.0.1", 80, false)));
    assertEquals("GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80", ChainNames.endpoint(
        new ServicePortName("ns5", "svc5", "p80", "tcp"), Endpoint.ready("10.180.0.3", 80, false)));
  }

  @Test
  void shouldTruncateLongNamesKeepingTheHash() {
    String name = ChainNames.hashAndTruncate("x".repeat(300));
    assertEquals(240, name.length());
    assertEquals("...", name.substring(237));
  }
}
