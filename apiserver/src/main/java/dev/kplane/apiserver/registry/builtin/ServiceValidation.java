package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** ValidateService and ValidateServiceUpdate's clusterIP rules (pkg/apis/core/validation, 1.32). */
final class ServiceValidation {
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final int KUBELET_PORT = 10250;

  private ServiceValidation() {}

  static List<FieldError> validate(ObjectNode svc) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = svc.path("spec");
    String type = Nodes.text(spec, "type");
    boolean headless = spec.path("clusterIPs").path(0).asText("").equals("None");
    List<ObjectNode> ports = Nodes.items(spec, "ports");
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
      errs.add(FieldError.required("spec.ports", ""));
    }
    switch (type) {
      case "LoadBalancer" -> {
        if (headless) {
          errs.add(FieldError.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for LoadBalancer services"));
        }
        for (int i = 0; i < ports.size(); i++) {
          if (ports.get(i).path("port").asLong() == KUBELET_PORT) {
            errs.add(FieldError.invalid(Errs.index("spec.ports", i), (long) KUBELET_PORT,
                "may not expose port 10250 externally since it is used by kubelet"));
          }
        }
      }
      case "NodePort" -> {
        if (headless) {
          errs.add(FieldError.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for NodePort services"));
        }
      }
      case "ExternalName" -> externalName(errs, spec);
      default -> { }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      port(errs, ports.get(i), ports.size() > 1, names, Errs.index("spec.ports", i));
    }
    errs.addAll(NameValidation.validateLabels(Nodes.stringMap(spec.get("selector")), "spec.selector"));
    String affinity = Nodes.text(spec, "sessionAffinity");
    PodSpecValidation.enumValue(errs, affinity, List.of("ClientIP", "None"), "spec.sessionAffinity");
    if (affinity.equals("None") && !Nodes.isUnset(spec, "sessionAffinityConfig")) {
      errs.add(FieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
    }
    if (type.isEmpty()) {
      errs.add(FieldError.required("spec.type", ""));
    } else if (!TYPES.contains(type)) {
      errs.add(Errs.notSupported("spec.type", type, TYPES));
    }
    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (ports.get(i).path("nodePort").asLong(0) != 0) {
          errs.add(FieldError.forbidden(Errs.index("spec.ports", i) + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
    duplicatePorts(errs, ports);
    return errs;
  }

  static List<FieldError> validateUpdate(ObjectNode next, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = next.path("spec");
    JsonNode oldSpec = old.path("spec");
    boolean externalName = Nodes.text(spec, "type").equals("ExternalName")
        || Nodes.text(oldSpec, "type").equals("ExternalName");
    boolean bothHeadless = spec.path("clusterIPs").path(0).asText("").equals("None")
        && oldSpec.path("clusterIPs").path(0).asText("").equals("None");
    if (!externalName && !bothHeadless) {
      clusterIpsUnchanged(errs, spec.path("clusterIPs"), oldSpec.path("clusterIPs"));
    }
    errs.addAll(validate(next));
    return errs;
  }

  /** Primary (and, at equal lengths, every) clusterIP may not change once set. */
  private static void clusterIpsUnchanged(List<FieldError> errs, JsonNode ips, JsonNode oldIps) {
    FieldError.GoValue value = goStrings(ips);
    if (ips.size() == oldIps.size()) {
      for (int i = 0; i < oldIps.size(); i++) {
        if (!oldIps.get(i).equals(ips.get(i))) {
          errs.add(FieldError.invalid(Errs.index("spec.clusterIPs", i), value, "may not change once set"));
        }
      }
    } else if (oldIps.size() > ips.size()) {
      if (ips.isEmpty()) {
        errs.add(FieldError.invalid("spec.clusterIPs[0]", value, "primary clusterIP can not be unset"));
      } else if (!ips.get(0).equals(oldIps.get(0))) {
        errs.add(FieldError.invalid("spec.clusterIPs[0]", value, "may not change once set"));
      }
    } else if (!oldIps.isEmpty() && !ips.get(0).equals(oldIps.get(0))) {
      errs.add(FieldError.invalid("spec.clusterIPs[0]", value, "may not change once set"));
    }
  }

  private static FieldError.GoValue goStrings(JsonNode list) {
    if (!list.isArray()) {
      return new FieldError.GoValue("[]string(nil)");
    }
    List<String> items = new ArrayList<>();
    list.forEach(v -> items.add(Errs.goQuote(v.asText())));
    return new FieldError.GoValue("[]string{" + String.join(", ", items) + "}");
  }

  private static void externalName(List<FieldError> errs, JsonNode spec) {
    if (!Nodes.isEmptyContainer(spec, "clusterIPs")) {
      errs.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    }
    if (!Nodes.isEmptyContainer(spec, "ipFamilies")) {
      errs.add(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    }
    if (!Nodes.isUnset(spec, "ipFamilyPolicy")) {
      errs.add(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    }
    String cname = Nodes.text(spec, "externalName");
    cname = cname.endsWith(".") ? cname.substring(0, cname.length() - 1) : cname;
    if (cname.isEmpty()) {
      errs.add(FieldError.required("spec.externalName", ""));
    } else {
      String c = cname;
      NameValidation.isDns1123Subdomain(c).forEach(m -> errs.add(FieldError.invalid("spec.externalName", c, m)));
    }
  }

  private static void port(List<FieldError> errs, ObjectNode port, boolean requireName, Set<String> names, String path) {
    String name = Nodes.text(port, "name");
    if (requireName && name.isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    } else if (!name.isEmpty()) {
      Errs.dnsLabel(errs, name, path + ".name");
      if (!names.add(name)) {
        errs.add(Errs.duplicate(path + ".name", name));
      }
    }
    long number = port.path("port").asLong(0);
    if (!ContainerValidation.isPortNum(number)) {
      errs.add(FieldError.invalid(path + ".port", number, "must be between 1 and 65535, inclusive"));
    }
    String protocol = Nodes.text(port, "protocol");
    if (protocol.isEmpty()) {
      errs.add(FieldError.required(path + ".protocol", ""));
    } else if (!PodSpecValidation.PROTOCOLS.contains(protocol)) {
      errs.add(Errs.notSupported(path + ".protocol", protocol, PodSpecValidation.PROTOCOLS));
    }
    JsonNode target = port.get("targetPort");
    if (target != null && target.isNumber()) {
      if (!ContainerValidation.isPortNum(target.asLong())) {
        errs.add(FieldError.invalid(path + ".targetPort", target.asLong(), "must be between 1 and 65535, inclusive"));
      }
    } else if (target != null && target.isTextual()) {
      ContainerValidation.portNameErrors(target.asText()).forEach(m ->
          errs.add(FieldError.invalid(path + ".targetPort", target.asText(), m)));
    }
  }

  /** Duplicate nodePorts and duplicate (protocol, port) pairs. */
  private static void duplicatePorts(List<FieldError> errs, List<ObjectNode> ports) {
    Set<String> nodePorts = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      long nodePort = ports.get(i).path("nodePort").asLong(0);
      if (nodePort != 0 && !nodePorts.add(Nodes.text(ports.get(i), "protocol") + "/" + nodePort)) {
        errs.add(Errs.duplicate(Errs.index("spec.ports", i) + ".nodePort", nodePort));
      }
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      String protocol = Nodes.text(ports.get(i), "protocol");
      long port = ports.get(i).path("port").asLong(0);
      if (!seen.add(protocol + "/" + port)) {
        errs.add(Errs.duplicate(Errs.index("spec.ports", i), new FieldError.GoValue("core.ServicePort{Name:\"\", Protocol:"
            + Errs.goQuote(protocol) + ", AppProtocol:(*string)(nil), Port:" + port
            + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")));
      }
    }
  }
}
