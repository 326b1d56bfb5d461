package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDnsTest {
  private static final PodDns CLUSTER = new PodDns(List.of("10.96.0.10"), "cluster.local", List.of("corp.example"));

  private static PodBuilder pod(String policy, boolean hostNetwork) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("team").endMetadata()
        .withNewSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork).endSpec();
  }

  @Test
  void shouldGiveClusterFirstPodsTheClusterDnsAndSearchPath() {
    PodDns.Config c = CLUSTER.forPod(pod("ClusterFirst", false).build());
    assertEquals(List.of("10.96.0.10"), c.servers());
    assertEquals(List.of("team.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"), c.searches());
    assertEquals(List.of("ndots:5"), c.options());
  }

  @Test
  void shouldTreatAMissingPolicyAsClusterFirst() {
    assertEquals(List.of("10.96.0.10"), CLUSTER.forPod(pod(null, false).build()).servers());
  }

  @Test
  void shouldGiveHostNetworkAndDefaultPodsTheHostResolvConf() {
    assertEquals(PodDns.Config.HOST, CLUSTER.forPod(pod("ClusterFirst", true).build()));
    assertEquals(PodDns.Config.HOST, CLUSTER.forPod(pod("Default", false).build()));
    assertEquals(List.of("10.96.0.10"), CLUSTER.forPod(pod("ClusterFirstWithHostNet", true).build()).servers());
  }

  @Test
  void shouldFallBackToTheHostWithoutAClusterDns() {
    assertEquals(PodDns.Config.HOST, PodDns.none().forPod(pod("ClusterFirst", false).build()));
  }

  @Test
  void shouldMergeDnsConfigAndUseOnlyItForPolicyNone() {
    Pod none = pod("None", false).editSpec().withDnsConfig(new PodDNSConfigBuilder().withNameservers("1.1.1.1")
        .withSearches("a.example").addNewOption().withName("ndots").withValue("2").endOption().build()).endSpec().build();
    PodDns.Config c = CLUSTER.forPod(none);
    assertEquals(List.of("1.1.1.1"), c.servers());
    assertEquals(List.of("a.example"), c.searches());
    assertEquals(List.of("ndots:2"), c.options());
    Pod merged = pod("ClusterFirst", false).editSpec().withDnsConfig(new PodDNSConfigBuilder().withNameservers("1.1.1.1")
        .addNewOption().withName("ndots").withValue("1").endOption().addNewOption().withName("edns0").endOption().build())
        .endSpec().build();
    PodDns.Config m = CLUSTER.forPod(merged);
    assertEquals(List.of("10.96.0.10", "1.1.1.1"), m.servers());
    assertEquals(List.of("ndots:1", "edns0"), m.options());
  }
}
