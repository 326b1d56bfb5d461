package dev.kplane.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import dev.kplane.proxy.model.ServicePortName;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleUdpFlowsTest {
  static final Endpoint A = Endpoint.ready("10.88.0.5", 53, false);
  static final Endpoint B = Endpoint.ready("10.88.0.6", 53, false);

  static ServicePortInfo dns(String protocol, int nodePort, List<Endpoint> eps) {
    return new ServicePortInfo(new ServicePortName("kube-system", "kube-dns", "dns", protocol), "10.96.0.10", 53,
        nodePort, List.of(), false, 0, false, false, eps);
  }

  @Test
  void shouldDeleteFlowsToARemovedEndpointOnEveryAddressOfTheService() {
    assertEquals(List.of(
            List.of("-D", "-p", "udp", "--orig-dst", "10.96.0.10", "--dst-nat", "10.88.0.6"),
            List.of("-D", "-p", "udp", "--dport", "30053", "--dst-nat", "10.88.0.6")),
        StaleUdpFlows.of(List.of(dns("udp", 30053, List.of(A, B))), List.of(dns("udp", 30053, List.of(A)))));
  }

  @Test
  void shouldDeleteTheRejectEntriesWhenAServiceGetsItsFirstEndpoint() {
    assertEquals(List.of(List.of("-D", "-p", "udp", "--orig-dst", "10.96.0.10")),
        StaleUdpFlows.of(List.of(dns("udp", 0, List.of())), List.of(dns("udp", 0, List.of(A)))));
  }

  @Test
  void shouldDeleteTheFlowsOfADeletedServiceAndIgnoreTcp() {
    assertEquals(List.of(List.of("-D", "-p", "udp", "--orig-dst", "10.96.0.10", "--dst-nat", "10.88.0.5")),
        StaleUdpFlows.of(List.of(dns("udp", 0, List.of(A)), dns("tcp", 0, List.of(A))), List.of()));
    assertEquals(List.of(), StaleUdpFlows.of(List.of(dns("tcp", 0, List.of(A, B))), List.of(dns("tcp", 0, List.of(A)))));
  }
}
