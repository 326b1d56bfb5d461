package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QosClassTest {
  @Test
  void noRequestsOrLimitsIsBestEffort() {
    assertEquals("BestEffort", QosClass.compute(Pods.withSpec("{\"containers\":[{\"name\":\"a\",\"image\":\"i\"}]}")));
  }

  @Test
  void equalCpuAndMemoryRequestsAndLimitsEverywhereIsGuaranteed() {
    assertEquals("Guaranteed", QosClass.compute(Pods.withSpec("""
        {"containers":[{"name":"a","image":"i","resources":{"limits":{"cpu":"500m","memory":"64Mi"},"requests":{"cpu":"0.5","memory":"64Mi"}}}]}""")));
  }

  @Test
  void aContainerWithoutMemoryLimitMakesItBurstable() {
    assertEquals("Burstable", QosClass.compute(Pods.withSpec("""
        {"containers":[{"name":"a","image":"i","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}},
                       {"name":"b","image":"i","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"1"}}}]}""")));
  }

  @Test
  void requestsBelowLimitsAreBurstable() {
    assertEquals("Burstable", QosClass.compute(Pods.withSpec("""
        {"containers":[{"name":"a","image":"i","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"100m","memory":"1Gi"}}}]}""")));
  }

  @Test
  void onlyNonComputeResourcesIsBestEffort() {
    assertEquals("BestEffort", QosClass.compute(Pods.withSpec("""
        {"containers":[{"name":"a","image":"i","resources":{"requests":{"ephemeral-storage":"1Gi"}}}]}""")));
  }

  @Test
  void theStatusClassWins() {
    var pod = Pods.pod("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[]},\"status\":{\"qosClass\":\"Guaranteed\"}}");
    assertEquals("Guaranteed", QosClass.of(pod));
  }
}
