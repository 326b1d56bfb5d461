package dev.kplane.proxy.model;

/**
 * One backend of a service port, as kube-proxy's BaseEndpointInfo sees it: an address and port with the conditions
 * of its EndpointSlice endpoint. {@code local} says whether it runs on this proxy's node.
 */
public record Endpoint(String ip, int port, boolean ready, boolean serving, boolean terminating, boolean local) {
  /** A ready endpoint, as tests and benchmarks build them. */
  public static Endpoint ready(String ip, int port, boolean local) {
    return new Endpoint(ip, port, true, true, false, local);
  }

  /** "ip:port", the endpoint's identity (kube-proxy's Endpoint.String()). */
  @Override
  public String toString() {
    return ip + ":" + port;
  }
}
