package dev.kplane.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyModeTest {
  @Test
  void shouldUseNftablesWhenUsableAndFallBackToUserspace() {
    assertEquals(ProxyMode.NFTABLES, ProxyMode.choose(ProxyMode.AUTO, Optional.empty()));
    assertEquals(ProxyMode.USERSPACE, ProxyMode.choose(ProxyMode.AUTO, Optional.of("nft is not installed")));
    assertEquals(ProxyMode.USERSPACE, ProxyMode.choose(ProxyMode.USERSPACE, Optional.empty()));
    assertThrows(IllegalStateException.class, () -> ProxyMode.choose(ProxyMode.NFTABLES, Optional.of("no root")));
    assertEquals(ProxyMode.NFTABLES, ProxyMode.parse("nftables"));
  }
}
