package dev.kplane.kubelet.cri.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PodIpPoolTest {
  @Test
  void shouldSkipNetworkGatewayAndBroadcastAndReuseReleasedAddresses() {
    PodIpPool pool = new PodIpPool("10.1.2.0/30");
    assertEquals("10.1.2.2", pool.allocate());
    assertThrows(IllegalStateException.class, pool::allocate);
    pool.release("10.1.2.2");
    assertEquals("10.1.2.2", pool.allocate());
  }

  @Test
  void shouldMaskTheBaseAndCrossOctets() {
    PodIpPool pool = new PodIpPool("10.244.7.9/16");
    for (int i = 0; i < 254; i++) {
      pool.allocate();
    }
    assertEquals("10.244.1.0", pool.allocate());
  }
}
