package dev.kplane.proxy.userspace;

/**
 * Where the userspace proxy can listen for a ClusterIP. Without the privilege to redirect packets (kube's old
 * userspace proxy used iptables for that), a ClusterIP that is not an address of this host cannot be served. Such a
 * ClusterIP a.b.c.d is served on the loopback alias 127.b.c.d instead: every 127.0.0.0/8 address is local on Linux,
 * so an unprivileged process can bind it, and with the default service range 10.96.0.0/12 the aliases
 * (127.96.0.0 - 127.111.255.255) never meet 127.0.0.1.
 */
final class ListenAddresses {
  private ListenAddresses() {}

  static String loopbackAlias(String clusterIp) {
    String[] octets = clusterIp.split("\\.");
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + clusterIp);
    }
    return "127." + octets[1] + "." + octets[2] + "." + octets[3];
  }
}
