package dev.kplane.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the kubelet of a pod's node listens, as kube-apiserver's NodeConnectionInfoGetter finds it: the node's
 * first address of the preferred types and status.daemonEndpoints.kubeletEndpoint.Port (10250 when unset).
 * Plain HTTP: the kplane kubelet serves no TLS yet.
 */
record KubeletLocation(String host, int port) {
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType NODES = BuiltinResources.find("", "nodes").orElseThrow();
  /** kubeadm's --kubelet-preferred-address-types: kubelets are reached by IP, not by a name nobody resolves. */
  static final List<String> PREFERRED_ADDRESS_TYPES = List.of("InternalIP", "ExternalIP", "Hostname");
  static final int DEFAULT_KUBELET_PORT = 10250;

  static KubeletLocation of(JsonNode node) {
    List<String> known = new ArrayList<>();
    for (String type : PREFERRED_ADDRESS_TYPES) {
      for (JsonNode a : node.path("status").path("addresses")) {
        if (a.path("type").asText().equals(type)) {
          int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
          return new KubeletLocation(a.path("address").asText(), port > 0 ? port : DEFAULT_KUBELET_PORT);
        }
      }
    }
    node.path("status").path("addresses").forEach(a -> known.add("{" + a.path("type").asText() + " " + a.path("address").asText() + "}"));
    throw Status.internal("no preferred addresses found; known addresses: [" + String.join(" ", known) + "]");
  }

  String authority() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** The container a request names, or the pod's only container (pkg/registry/core/pod validateContainer). */
  static String container(JsonNode pod, String container) {
    List<String> all = new ArrayList<>();
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      pod.path("spec").path(list).forEach(c -> all.add(c.path("name").asText()));
    }
    String name = pod.path("metadata").path("name").asText();
    JsonNode containers = pod.path("spec").path("containers");
    if (container == null || container.isEmpty()) {
      if (containers.size() == 1) {
        return containers.get(0).path("name").asText();
      }
      if (containers.isEmpty()) {
        throw Status.badRequest("a container name must be specified for pod " + name);
      }
      throw Status.badRequest("a container name must be specified for pod " + name + ", choose one of: ["
          + String.join(" ", all) + "]");
    }
    if (!all.contains(container)) {
      throw Status.badRequest("container " + container + " is not valid for pod " + name);
    }
    return container;
  }

  /** The node a pod runs on; null when it is not scheduled. */
  static KubeletLocation ofPod(ObjectStore store, JsonNode pod) {
    String nodeName = pod.path("spec").path("nodeName").asText("");
    return nodeName.isEmpty() ? null : of(store.get(NODES, null, nodeName, null));
  }

  /** A 422 on an options kind, e.g. {@code PodLogOptions "web" is invalid: tailLines: ...}. */
  static ApiException invalid(String kind, String name, List<FieldError> errors) {
    String joined = String.join(", ", errors.stream().map(FieldError::render).toList());
    var s = dev.kplane.schemas.Json.MAPPER.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
    s.put("status", "Failure").put("message", kind + " \"" + name + "\" is invalid: "
        + (errors.size() == 1 ? joined : "[" + joined + "]")).put("reason", "Invalid");
    var details = s.putObject("details").put("name", name).put("kind", kind);
    var causes = details.putArray("causes");
    errors.forEach(e -> causes.addObject().put("reason", e.causeType()).put("message", e.renderWithoutField())
        .put("field", e.field()));
    s.put("code", 422);
    return new ApiException(s);
  }
}
