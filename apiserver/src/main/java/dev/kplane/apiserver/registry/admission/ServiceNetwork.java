package dev.kplane.apiserver.registry.admission;

/**
 * The service IPv4 range and the node port range, and kube's split of each into a lower band kept for
 * addresses and ports that users choose and an upper band that random allocation prefers
 * (ServiceIPStaticSubrange, ServiceNodePortStaticSubrange).
 */
public record ServiceNetwork(String cidr, int base, int size, int portMin, int portMax) {
  public static final ServiceNetwork DEFAULT = parse("10.96.0.0/12", 30000, 32767);

  public static ServiceNetwork parse(String cidr, int portMin, int portMax) {
    String[] parts = cidr.split("/");
    int prefix = Integer.parseInt(parts[1]);
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("the service CIDR must be an IPv4 range from /8 to /30: " + cidr);
    }
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return new ServiceNetwork(cidr, toInt(parts[0]) & mask, 1 << (32 - prefix), portMin, portMax);
  }

  /** The first usable address: the `kubernetes` Service's ClusterIP. */
  public String firstAddress() {
    return toAddress(base + 1);
  }

  /** Whether ip is a usable address of the range (not the network or broadcast address). */
  public boolean contains(String ip) {
    long offset = Integer.toUnsignedLong(toInt(ip)) - Integer.toUnsignedLong(base);
    return offset >= 1 && offset <= size - 2;
  }

  /** The offset where random IP allocation starts: min(max(16, size/16), 256). */
  int ipUpperBandStart() {
    return Math.min(Math.max(16, size / 16), 256);
  }

  /** How many ports the lower node port band keeps: min(max(16, ports/32), 128). */
  int portUpperBandStart() {
    int ports = portMax - portMin + 1;
    return portMin + Math.min(Math.max(16, ports / 32), 128);
  }

  String addressAt(int offset) {
    return toAddress(base + offset);
  }

  static int toInt(String ip) {
    String[] o = ip.split("\\.");
    if (o.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    int v = 0;
    for (String part : o) {
      int b = Integer.parseInt(part);
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      v = v << 8 | b;
    }
    return v;
  }

  static String toAddress(int v) {
    return (v >>> 24) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
  }

  static boolean isIpv4(String s) {
    try {
      toInt(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
