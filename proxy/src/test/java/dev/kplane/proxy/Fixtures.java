package dev.kplane.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Services and EndpointSlices for tests, in the shape the API server stores them. */
public final class Fixtures {
  private Fixtures() {}

  public static Service service(String ns, String name, String clusterIp, String portName, int port, String protocol,
      Consumer<ServiceBuilder> more) {
    ServiceBuilder b = new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
        .withPorts(new ServicePortBuilder().withName(portName).withPort(port).withProtocol(protocol).build())
        .withSessionAffinity("None").endSpec();
    more.accept(b);
    return b.build();
  }

  public static Service service(String ns, String name, String clusterIp, String portName, int port) {
    return service(ns, name, clusterIp, portName, port, "TCP", b -> {});
  }

  /** One endpoint: address, ready condition, node; hostname optional. */
  public record Ep(String ip, boolean ready, String node, String hostname) {
    public static Ep ready(String ip) {
      return new Ep(ip, true, null, null);
    }
  }

  public static EndpointSlice slice(String ns, String service, String sliceName, String portName, int port,
      String protocol, List<Ep> eps) {
    List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
    for (Ep e : eps) {
      endpoints.add(new EndpointBuilder().withAddresses(e.ip()).withNewConditions().withReady(e.ready())
          .withServing(e.ready()).withTerminating(false).endConditions().withNodeName(e.node())
          .withHostname(e.hostname()).build());
    }
    return new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(sliceName)
        .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4")
        .withEndpoints(endpoints).addNewPort().withName(portName).withPort(port).withProtocol(protocol).endPort()
        .build();
  }

  public static EndpointSlice slice(String ns, String service, String portName, int port, List<Ep> eps) {
    return slice(ns, service, service + "-abcde", portName, port, "TCP", eps);
  }
}
