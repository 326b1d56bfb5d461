package dev.kplane.controllers.endpointslice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a Service makes of a Pod, shared by the EndpointSlice and Endpoints controllers (upstream's
 * staging/src/k8s.io/endpointslice/util and pkg/api/v1/pod): whether it is an endpoint, its ports, its addresses.
 */
public final class PodEndpoints {
  private PodEndpoints() {}

  /** podutil.IsPodReady: the Ready condition is True. */
  public static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText().equals("True");
      }
    }
    return false;
  }

  public static boolean terminating(JsonNode pod) {
    return pod.path("metadata").hasNonNull("deletionTimestamp");
  }

  /** ShouldPodBeInEndpoints: not finished, has an IP, and not terminating unless those are wanted. */
  public static boolean shouldBeInEndpoints(JsonNode pod, boolean includeTerminating) {
    String phase = pod.path("status").path("phase").asText("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return false;
    }
    if (pod.path("status").path("podIP").asText("").isEmpty() && pod.path("status").path("podIPs").isEmpty()) {
      return false;
    }
    return includeTerminating || !terminating(pod);
  }

  /** The pod's IPs: status.podIPs, or status.podIP when only that is set. */
  public static List<String> ips(JsonNode pod) {
    List<String> ips = new ArrayList<>();
    pod.path("status").path("podIPs").forEach(ip -> ips.add(ip.path("ip").asText()));
    if (ips.isEmpty() && !pod.path("status").path("podIP").asText("").isEmpty()) {
      ips.add(pod.path("status").path("podIP").asText());
    }
    return ips;
  }

  public static boolean isIPv6(String ip) {
    return ip.contains(":");
  }

  /** podutil.FindPort: a numeric targetPort as is; a named one is the container port of that name and protocol. */
  public static OptionalInt findPort(JsonNode pod, JsonNode servicePort) {
    JsonNode target = servicePort.path("targetPort");
    if (target.isMissingNode() || target.isNull()) {
      return OptionalInt.of(servicePort.path("port").asInt());
    }
    if (target.isNumber()) {
      return OptionalInt.of(target.asInt());
    }
    String name = target.asText();
    String protocol = servicePort.path("protocol").asText("TCP");
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : pod.path("spec").path(list)) {
        if (list.equals("initContainers") && !c.path("restartPolicy").asText("").equals("Always")) {
          continue;
        }
        for (JsonNode p : c.path("ports")) {
          if (p.path("name").asText("").equals(name) && p.path("protocol").asText("TCP").equals(protocol)) {
            return OptionalInt.of(p.path("containerPort").asInt());
          }
        }
      }
    }
    return OptionalInt.empty();
  }

  /** A Service without a cluster IP (headless). */
  public static boolean headless(JsonNode service) {
    String ip = service.path("spec").path("clusterIP").asText("");
    return ip.isEmpty() || ip.equals("None");
  }

  /** getEndpointPorts: one EndpointPort per service port the pod has. */
  public static ArrayNode endpointPorts(JsonNode service, JsonNode pod) {
    ArrayNode ports = Json.MAPPER.createArrayNode();
    for (JsonNode sp : service.path("spec").path("ports")) {
      OptionalInt port = findPort(pod, sp);
      if (port.isEmpty()) {
        continue;
      }
      ObjectNode p = ports.addObject().put("name", sp.path("name").asText("")).put("protocol",
          sp.path("protocol").asText("TCP")).put("port", port.getAsInt());
      if (sp.hasNonNull("appProtocol")) {
        p.put("appProtocol", sp.get("appProtocol").asText());
      }
    }
    return ports;
  }

  /** getAddressTypesForService: from spec.ipFamilies; else the clusterIP's family; a headless one gets both. */
  public static Set<String> addressTypes(JsonNode service) {
    Set<String> types = new LinkedHashSet<>();
    for (JsonNode f : service.path("spec").path("ipFamilies")) {
      types.add(f.asText().equals("IPv6") ? "IPv6" : "IPv4");
    }
    if (!types.isEmpty()) {
      return types;
    }
    if (!headless(service)) {
      types.add(isIPv6(service.path("spec").path("clusterIP").asText()) ? "IPv6" : "IPv4");
      return types;
    }
    types.add("IPv4");
    types.add("IPv6");
    return types;
  }

  /** ShouldSetHostname: the pod names a hostname and the service as its subdomain. */
  public static boolean shouldSetHostname(JsonNode pod, JsonNode service) {
    return !pod.path("spec").path("hostname").asText("").isEmpty()
        && pod.path("spec").path("subdomain").asText("").equals(service.path("metadata").path("name").asText())
        && pod.path("metadata").path("namespace").asText("").equals(service.path("metadata").path("namespace").asText());
  }

  /** Whether the service's selector (a plain label map; none or empty selects nothing here) selects the pod. */
  public static boolean selects(JsonNode service, JsonNode pod) {
    JsonNode selector = service.path("spec").path("selector");
    if (!selector.isObject() || selector.isEmpty()) {
      return false;
    }
    JsonNode labels = pod.path("metadata").path("labels");
    var it = selector.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!labels.path(e.getKey()).isTextual() || !labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the service has a selector at all (services without one get no endpoints from the controllers). */
  public static boolean hasSelector(JsonNode service) {
    return service.path("spec").path("selector").isObject();
  }

  /**
   * The keys of the services in the pod's namespace that select it now or selected it before (getPodServiceMemberships
   * for the old and the new pod).
   */
  public static java.util.Set<String> services(java.util.List<? extends JsonNode> servicesInNamespace, JsonNode pod,
                                               JsonNode previous) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (JsonNode svc : servicesInNamespace) {
      if (selects(svc, pod) || (previous != null && selects(svc, previous))) {
        keys.add(svc.path("metadata").path("namespace").asText() + "/" + svc.path("metadata").path("name").asText());
      }
    }
    return keys;
  }

  /** The pod as an ObjectReference (kind, namespace, name, uid). */
  public static ObjectNode targetRef(JsonNode pod) {
    return Json.MAPPER.createObjectNode().put("kind", "Pod")
        .put("namespace", pod.path("metadata").path("namespace").asText())
        .put("name", pod.path("metadata").path("name").asText())
        .put("uid", pod.path("metadata").path("uid").asText());
  }
}
