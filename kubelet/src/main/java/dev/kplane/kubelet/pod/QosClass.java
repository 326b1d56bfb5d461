package dev.kplane.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pod's QoS class, as kube's qos.GetPodQOS / ComputePodQOS compute it from cpu and memory requests and limits. */
public final class QosClass {
  private QosClass() {}

  public static final String GUARANTEED = "Guaranteed";
  public static final String BURSTABLE = "Burstable";
  public static final String BEST_EFFORT = "BestEffort";
  private static final Set<String> COMPUTE = Set.of("cpu", "memory");

  /** The class in the pod's status if set (it never changes), else computed. */
  public static String of(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getQosClass() != null && !pod.getStatus().getQosClass().isEmpty()) {
      return pod.getStatus().getQosClass();
    }
    return compute(pod);
  }

  public static String compute(Pod pod) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
    all.addAll(pod.getSpec().getInitContainers());
    for (Container c : all) {
      var resources = c.getResources();
      addPositive(requests, resources == null ? null : resources.getRequests());
      Set<String> limitsFound = addPositive(limits, resources == null ? null : resources.getLimits());
      if (!limitsFound.containsAll(COMPUTE)) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return BEST_EFFORT;
    }
    if (guaranteed) {
      for (var e : requests.entrySet()) {
        BigDecimal limit = limits.get(e.getKey());
        if (limit == null || limit.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
  }

  /** Adds the positive cpu/memory quantities into the sums; returns the names added. */
  private static Set<String> addPositive(Map<String, BigDecimal> sums, Map<String, Quantity> list) {
    Set<String> found = new HashSet<>();
    if (list == null) {
      return found;
    }
    for (var e : list.entrySet()) {
      if (!COMPUTE.contains(e.getKey())) {
        continue;
      }
      BigDecimal amount = e.getValue().getNumericalAmount();
      if (amount.signum() > 0) {
        found.add(e.getKey());
        sums.merge(e.getKey(), amount, BigDecimal::add);
      }
    }
    return found;
  }
}
