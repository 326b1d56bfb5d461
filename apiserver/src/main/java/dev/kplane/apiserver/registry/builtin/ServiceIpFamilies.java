package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Service fields kube-apiserver fills on create besides allocating IPs, for a single-stack IPv4 cluster:
 * clusterIP and clusterIPs kept in step (the strategy's NormalizeClusterIPs) and ipFamilyPolicy / ipFamilies
 * (the REST layer's initIPFamilyFields). Allocation itself happens elsewhere.
 */
final class ServiceIpFamilies {
  private ServiceIpFamilies() {}

  static void apply(ObjectNode spec) {
    if (Nodes.text(spec, "type").equals("ExternalName")) {
      return;
    }
    String clusterIp = Nodes.text(spec, "clusterIP");
    if (!clusterIp.isEmpty() && Nodes.isEmptyContainer(spec, "clusterIPs")) {
      spec.putArray("clusterIPs").add(clusterIp);
    } else if (clusterIp.isEmpty() && !Nodes.isEmptyContainer(spec, "clusterIPs")) {
      spec.put("clusterIP", spec.get("clusterIPs").get(0).asText());
    }
    boolean headlessWithoutSelector =
        Nodes.text(spec, "clusterIP").equals("None") && Nodes.isEmptyContainer(spec, "selector");
    Nodes.defaultString(spec, "ipFamilyPolicy", headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
    ArrayNode families = spec.withArray("ipFamilies");
    if (families.isEmpty()) {
      JsonNode ips = spec.path("clusterIPs");
      String first = ips.isArray() && !ips.isEmpty() ? ips.get(0).asText() : "";
      families.add(first.contains(":") ? "IPv6" : "IPv4");
    }
  }
}
