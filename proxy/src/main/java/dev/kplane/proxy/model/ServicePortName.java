package dev.kplane.proxy.model;

/** Names one port of one service; {@code protocol} is lower case ("tcp", "udp", "sctp") as in nftables rules. */
public record ServicePortName(String namespace, String name, String port, String protocol) {
  /** "ns/svc:port", the form kube-proxy logs and comments with. */
  @Override
  public String toString() {
    return namespace + "/" + name + ":" + port;
  }
}
