package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.NONE;
import static dev.kplane.apiserver.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** printNode: STATUS from the Ready condition and spec.unschedulable, ROLES from the node-role labels. */
final class NodePrinter {
  static final Printer PRINTER = Printer.of(NodePrinter::row,
      Column.nameColumn(),
      Column.string("Status", "The status of the node"),
      Column.string("Roles", "The roles of the node"),
      Column.ageColumn(),
      Column.string("Version", SwaggerDocs.of("core/v1.NodeSystemInfo.kubeletVersion")),
      Column.string("Internal-IP", SwaggerDocs.of("core/v1.NodeStatus.addresses")).wide(),
      Column.string("External-IP", SwaggerDocs.of("core/v1.NodeStatus.addresses")).wide(),
      Column.string("OS-Image", SwaggerDocs.of("core/v1.NodeSystemInfo.osImage")).wide(),
      Column.string("Kernel-Version", SwaggerDocs.of("core/v1.NodeSystemInfo.kernelVersion")).wide(),
      Column.string("Container-Runtime", SwaggerDocs.of("core/v1.NodeSystemInfo.containerRuntimeVersion")).wide());

  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";

  private NodePrinter() {}

  static Row row(JsonNode node, Instant now) {
    List<String> status = new ArrayList<>();
    JsonNode ready = null;
    for (JsonNode c : node.path("status").path("conditions")) {
      if ("Ready".equals(text(c, "type"))) {
        ready = c; // the last one wins, as in the printer's map of conditions
      }
    }
    if (ready != null) {
      status.add("True".equals(text(ready, "status")) ? "Ready" : "NotReady");
    } else {
      status.add("Unknown");
    }
    if (Cells.bool(node, "spec", "unschedulable")) {
      status.add("SchedulingDisabled");
    }
    String roles = String.join(",", roles(node.path("metadata").path("labels")));
    JsonNode info = node.path("status").path("nodeInfo");
    return Row.of(Cells.name(node), String.join(",", status), roles.isEmpty() ? NONE : roles,
        Cells.age(node, now), text(info, "kubeletVersion"),
        address(node, "InternalIP"), address(node, "ExternalIP"),
        orUnknown(text(info, "osImage")), orUnknown(text(info, "kernelVersion")),
        orUnknown(text(info, "containerRuntimeVersion")));
  }

  /** findNodeRoles: node-role.kubernetes.io/<role> keys and the kubernetes.io/role value, sorted, unique. */
  static List<String> roles(JsonNode labels) {
    TreeSet<String> roles = new TreeSet<>();
    labels.fields().forEachRemaining(e -> {
      String k = e.getKey();
      if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
        roles.add(k.substring(ROLE_PREFIX.length()));
      } else if (k.equals(ROLE_LABEL) && !e.getValue().asText().isEmpty()) {
        roles.add(e.getValue().asText());
      }
    });
    return new ArrayList<>(roles);
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (type.equals(text(a, "type"))) {
        return text(a, "address");
      }
    }
    return NONE;
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "<unknown>" : s;
  }
}
