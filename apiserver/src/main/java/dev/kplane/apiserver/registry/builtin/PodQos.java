package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** qos.GetPodQOS (pkg/apis/core/helper/qos, 1.32, pod-level resources off): only cpu and memory count. */
final class PodQos {
  private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");

  private PodQos() {}

  static String of(ObjectNode podSpec) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    for (String list : List.of("containers", "initContainers")) {
      for (ObjectNode c : Nodes.items(podSpec, list)) {
        JsonNode resources = c.path("resources");
        sumPositive(resources.path("requests"), requests);
        if (!sumPositive(resources.path("limits"), limits).containsAll(QOS_RESOURCES)) {
          guaranteed = false;
        }
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (var r : requests.entrySet()) {
        BigDecimal limit = limits.get(r.getKey());
        if (limit == null || limit.compareTo(r.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  /** Adds the positive cpu and memory quantities of a list into sums; returns the names it found. */
  private static List<String> sumPositive(JsonNode list, Map<String, BigDecimal> sums) {
    List<String> found = new java.util.ArrayList<>();
    for (String name : QOS_RESOURCES) {
      JsonNode q = list.get(name);
      if (q == null || q.isNull()) {
        continue;
      }
      BigDecimal v = ResourceLists.parse(q).value();
      if (v.signum() > 0) {
        sums.merge(name, v, BigDecimal::add);
        found.add(name);
      }
    }
    return found;
  }
}
