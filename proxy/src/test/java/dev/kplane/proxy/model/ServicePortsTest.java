package dev.kplane.proxy.model;

import static dev.kplane.proxy.Fixtures.service;
import static dev.kplane.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.proxy.Fixtures.Ep;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
  @Test
  void shouldMergeSlicesMatchingPortNameAndProtocolPreferringReadyDuplicates() {
    var svc = service("ns", "web", "10.96.0.5", "http", 80);
    var a = slice("ns", "web", "web-a", "http", 8080, "TCP", List.of(new Ep("10.0.0.2", false, "n1", null), Ep.ready("10.0.0.1")));
    var b = slice("ns", "web", "web-b", "http", 8080, "TCP", List.of(new Ep("10.0.0.2", true, "n1", null)));
    var otherPort = slice("ns", "web", "web-c", "metrics", 9090, "TCP", List.of(Ep.ready("10.0.0.3")));
    var udp = slice("ns", "web", "web-d", "http", 8080, "UDP", List.of(Ep.ready("10.0.0.4")));
    var otherService = slice("ns", "api", "api-a", "http", 8080, "TCP", List.of(Ep.ready("10.0.0.5")));
    var ipv6 = new EndpointSliceBuilder(slice("ns", "web", "web-e", "http", 8080, "TCP", List.of(Ep.ready("fd00::1"))))
        .withAddressType("IPv6").build();

    List<ServicePortInfo> ports = ServicePorts.of(List.of(svc), List.of(b, a, otherPort, udp, otherService, ipv6), "n1");

    assertEquals(1, ports.size());
    assertEquals(List.of(Endpoint.ready("10.0.0.1", 8080, false), Endpoint.ready("10.0.0.2", 8080, true)),
        ports.get(0).endpoints());
  }

  @Test
  void shouldReadTypeNodePortAffinityAndPolicies() {
    var svc = service("ns", "web", "10.96.0.5", "", 80, "UDP", b -> b.editSpec().withType("NodePort")
        .editFirstPort().withNodePort(30080).endPort().withSessionAffinity("ClientIP")
        .withExternalTrafficPolicy("Local").withInternalTrafficPolicy("Cluster").endSpec());
    ServicePortInfo p = ServicePorts.of(List.of(svc), List.of(), "n1").get(0);
    assertEquals(new ServicePortName("ns", "web", "", "udp"), p.name());
    assertEquals(30080, p.nodePort());
    assertEquals(true, p.clientIpAffinity());
    assertEquals(10800, p.affinityTimeoutSeconds());
    assertEquals(true, p.externalPolicyLocal());
    assertEquals(false, p.internalPolicyLocal());
  }

  @Test
  void shouldTreatMissingConditionsAsReady() {
    assertEquals(Endpoint.ready("10.0.0.1", 80, false), ServicePorts.endpoint("10.0.0.1", 80, null, false));
  }
}
