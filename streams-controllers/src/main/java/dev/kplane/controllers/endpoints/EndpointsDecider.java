package dev.kplane.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.endpointslice.PodEndpoints;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The legacy Endpoints controller's sync (pkg/controller/endpoint/endpoints_controller.go, syncService and
 * RepackSubsets): one Endpoints object named after the Service, its ready pods under addresses and the others under
 * notReadyAddresses, grouped into subsets by the ports they offer.
 */
public final class EndpointsDecider {
  static final String LABEL_HEADLESS = "service.kubernetes.io/headless";

  private EndpointsDecider() {}

  /**
   * The Endpoints to write for a Service with a selector (current's resourceVersion kept, so an update is a
   * compare-and-set), or empty when current already says so.
   */
  public static Optional<ObjectNode> desired(JsonNode service, List<JsonNode> pods, JsonNode current) {
    boolean publishNotReady = service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
    // address key -> (address, ready); per port (its JSON; "" when the service is headless without ports)
    Map<String, Map<String, Object[]>> byPort = new LinkedHashMap<>();
    boolean noPorts = service.path("spec").path("ports").isEmpty() && PodEndpoints.headless(service);
    for (JsonNode pod : pods) {
      if (!PodEndpoints.shouldBeInEndpoints(pod, publishNotReady)) {
        continue;
      }
      ObjectNode address = address(service, pod);
      if (address == null) {
        continue;
      }
      boolean ready = publishNotReady || PodEndpoints.ready(pod);
      String addrKey = address.path("ip").asText() + "|" + address.path("targetRef").path("uid").asText();
      if (noPorts) {
        byPort.computeIfAbsent("", k -> new TreeMap<>()).put(addrKey, new Object[] {address, ready});
        continue;
      }
      for (JsonNode sp : service.path("spec").path("ports")) {
        var port = PodEndpoints.findPort(pod, sp);
        if (port.isEmpty()) {
          continue;
        }
        ObjectNode epp = Json.MAPPER.createObjectNode().put("name", sp.path("name").asText(""))
            .put("port", port.getAsInt()).put("protocol", sp.path("protocol").asText("TCP"));
        if (sp.hasNonNull("appProtocol")) {
          epp.put("appProtocol", sp.get("appProtocol").asText());
        }
        byPort.computeIfAbsent(epp.toString(), k -> new TreeMap<>()).put(addrKey, new Object[] {address, ready});
      }
    }
    ArrayNode subsets = repack(byPort);
    ObjectNode labels = labels(service);
    JsonNode currentSubsets = current == null ? Json.MAPPER.createArrayNode() : current.path("subsets");
    if (current != null && sameSubsets(currentSubsets, subsets)
        && labels.equals(current.path("metadata").path("labels").isMissingNode() ? Json.MAPPER.createObjectNode()
            : current.path("metadata").path("labels"))) {
      return Optional.empty();
    }
    ObjectNode ep = current == null ? Json.MAPPER.createObjectNode() : current.deepCopy();
    ep.put("apiVersion", "v1").put("kind", "Endpoints");
    ObjectNode meta = ep.withObject("metadata");
    meta.put("name", service.path("metadata").path("name").asText());
    meta.put("namespace", service.path("metadata").path("namespace").asText());
    if (labels.isEmpty()) {
      meta.remove("labels");
    } else {
      meta.set("labels", labels);
    }
    if (subsets.isEmpty()) {
      ep.remove("subsets");
    } else {
      ep.set("subsets", subsets);
    }
    return Optional.of(ep);
  }

  /** podToEndpointAddressForService: the pod's IP of the service's (first) family. */
  static ObjectNode address(JsonNode service, JsonNode pod) {
    boolean v6;
    JsonNode families = service.path("spec").path("ipFamilies");
    if (!families.isEmpty()) {
      v6 = families.get(0).asText().equals("IPv6");
    } else if (!PodEndpoints.headless(service)) {
      v6 = PodEndpoints.isIPv6(service.path("spec").path("clusterIP").asText());
    } else {
      v6 = PodEndpoints.isIPv6(pod.path("status").path("podIP").asText(""));
    }
    String ip = PodEndpoints.ips(pod).stream().filter(i -> PodEndpoints.isIPv6(i) == v6).findFirst().orElse(null);
    if (ip == null) {
      return null;
    }
    ObjectNode a = Json.MAPPER.createObjectNode().put("ip", ip);
    if (PodEndpoints.shouldSetHostname(pod, service)) {
      a.put("hostname", pod.path("spec").path("hostname").asText());
    }
    a.put("nodeName", pod.path("spec").path("nodeName").asText(""));
    a.set("targetRef", PodEndpoints.targetRef(pod));
    return a;
  }

  /** RepackSubsets: ports offered by the same set of addresses (with their readiness) share a subset. */
  static ArrayNode repack(Map<String, Map<String, Object[]>> byPort) {
    Map<String, List<String>> portsByAddressSet = new LinkedHashMap<>();
    Map<String, Map<String, Object[]>> addressSets = new LinkedHashMap<>();
    byPort.forEach((port, addrs) -> {
      StringBuilder key = new StringBuilder();
      addrs.forEach((k, v) -> key.append(k).append(v[1]).append(';'));
      addressSets.put(key.toString(), addrs);
      List<String> ports = portsByAddressSet.computeIfAbsent(key.toString(), k -> new ArrayList<>());
      if (!port.isEmpty()) {
        ports.add(port);
      }
    });
    List<ObjectNode> subsets = new ArrayList<>();
    portsByAddressSet.forEach((key, ports) -> {
      ObjectNode subset = Json.MAPPER.createObjectNode();
      ArrayNode ready = Json.MAPPER.createArrayNode();
      ArrayNode notReady = Json.MAPPER.createArrayNode();
      addressSets.get(key).values().forEach(v -> ((Boolean) v[1] ? ready : notReady).add((JsonNode) v[0]));
      if (!ready.isEmpty()) {
        subset.set("addresses", ready);
      }
      if (!notReady.isEmpty()) {
        subset.set("notReadyAddresses", notReady);
      }
      if (!ports.isEmpty()) {
        ArrayNode p = subset.putArray("ports");
        ports.stream().sorted().forEach(s -> p.add(Json.parse(s)));
      }
      subsets.add(subset);
    });
    subsets.sort(Comparator.comparing(EndpointsDecider::firstAddress));
    ArrayNode out = Json.MAPPER.createArrayNode();
    subsets.forEach(out::add);
    return out;
  }

  private static String firstAddress(JsonNode subset) {
    JsonNode a = subset.path("addresses").isEmpty() ? subset.path("notReadyAddresses") : subset.path("addresses");
    return a.path(0).path("ip").asText("") + subset.path("ports").toString();
  }

  /** The service's labels, with the headless label for a service without a cluster IP. */
  static ObjectNode labels(JsonNode service) {
    ObjectNode labels = Json.MAPPER.createObjectNode();
    service.path("metadata").path("labels").fields().forEachRemaining(e -> {
      if (!e.getKey().equals(LABEL_HEADLESS)) {
        labels.set(e.getKey(), e.getValue());
      }
    });
    if (PodEndpoints.headless(service)) {
      labels.put(LABEL_HEADLESS, "");
    }
    return labels;
  }

  /** endpointSubsetsEqualIgnoreResourceVersion. */
  private static boolean sameSubsets(JsonNode a, JsonNode b) {
    return withoutTargetRv(a).equals(withoutTargetRv(b));
  }

  private static JsonNode withoutTargetRv(JsonNode subsets) {
    JsonNode copy = subsets.isMissingNode() ? Json.MAPPER.createArrayNode() : subsets.deepCopy();
    for (JsonNode s : copy) {
      for (String list : List.of("addresses", "notReadyAddresses")) {
        for (JsonNode a : s.path(list)) {
          if (a.path("targetRef") instanceof ObjectNode ref) {
            ref.remove("resourceVersion");
          }
        }
      }
    }
    return copy;
  }
}
