package dev.kplane.kubelet.cri.sim;

import java.util.BitSet;

/**
 * Fake pod IPs from one IPv4 CIDR: the network address and the first host (the bridge's gateway) are never
 * handed out, released addresses are reused lowest first. Nothing is routed to them.
 */
final class PodIpPool {
  private final int base;
  private final int size;
  private final BitSet used = new BitSet();

  PodIpPool(String cidr) {
    String[] parts = cidr.split("/");
    int prefix = Integer.parseInt(parts[1]);
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("pod CIDR prefix must be /8 to /30: " + cidr);
    }
    int mask = -1 << (32 - prefix);
    this.base = toInt(parts[0]) & mask;
    this.size = 1 << (32 - prefix);
    used.set(0, 2);
    used.set(size - 1); // broadcast
  }

  synchronized String allocate() {
    int i = used.nextClearBit(0);
    if (i >= size) {
      throw new IllegalStateException("no free pod IP left in the simulated range");
    }
    used.set(i);
    return toString(base + i);
  }

  synchronized void release(String ip) {
    int i = toInt(ip) - base;
    if (i >= 2 && i < size - 1) {
      used.clear(i);
    }
  }

  private static int toInt(String ip) {
    String[] o = ip.split("\\.");
    if (o.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    int v = 0;
    for (String s : o) {
      v = (v << 8) | Integer.parseInt(s);
    }
    return v;
  }

  private static String toString(int v) {
    return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
  }
}
