package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.text;

import dev.kplane.apiserver.registry.builtin.Quantity;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Role bindings, cluster role bindings, priority classes and resource quotas. */
final class PolicyPrinters {
  static final Printer ROLE_BINDING = bindings("roleBinding", "rbac/v1beta1.RoleBinding.roleRef");
  static final Printer CLUSTER_ROLE_BINDING = bindings("clusterRoleBinding",
      "rbac/v1beta1.ClusterRoleBinding.roleRef");

  static final Printer PRIORITY_CLASS = Printer.of(PolicyPrinters::priorityClass,
      Column.nameColumn(),
      Column.integer("Value", SwaggerDocs.of("scheduling/v1.PriorityClass.value")),
      Column.bool("Global-Default", SwaggerDocs.of("scheduling/v1.PriorityClass.globalDefault")),
      Column.ageColumn(),
      Column.string("PreemptionPolicy", SwaggerDocs.of("scheduling/v1.PriorityClass.preemptionPolicy")));

  static final Printer RESOURCE_QUOTA = Printer.of(PolicyPrinters::resourceQuota,
      Column.nameColumn(),
      Column.string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
      Column.string("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent "
          + "of contention on the node."),
      Column.ageColumn());

  private PolicyPrinters() {}

  private static Printer bindings(String what, String roleRefDoc) {
    return Printer.of(PolicyPrinters::binding,
        Column.nameColumn(),
        Column.string("Role", SwaggerDocs.of(roleRefDoc)),
        Column.ageColumn(),
        Column.string("Users", "Users in the " + what).wide(),
        Column.string("Groups", "Groups in the " + what).wide(),
        Column.string("ServiceAccounts", "ServiceAccounts in the " + what).wide());
  }

  /** ROLE as "Kind/name"; the subjects split by kind (rbac.SubjectsStrings), joined by ", ". */
  static Row binding(JsonNode b, Instant now) {
    List<String> users = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<String> serviceAccounts = new ArrayList<>();
    for (JsonNode s : b.path("subjects")) {
      switch (text(s, "kind")) {
        case "ServiceAccount" -> serviceAccounts.add(text(s, "namespace") + "/" + text(s, "name"));
        case "User" -> users.add(text(s, "name"));
        case "Group" -> groups.add(text(s, "name"));
        default -> {
          // other kinds are not shown
        }
      }
    }
    return Row.of(Cells.name(b), text(b, "roleRef", "kind") + "/" + text(b, "roleRef", "name"), Cells.age(b, now),
        String.join(", ", users), String.join(", ", groups), String.join(", ", serviceAccounts));
  }

  /** The preemption policy column has priority 0, yet printers.go fills it only for wide output, which is ours. */
  static Row priorityClass(JsonNode pc, Instant now) {
    return Row.of(Cells.name(pc), Cells.integer(pc, "value"), Cells.bool(pc, "globalDefault"), Cells.age(pc, now),
        text(pc, "preemptionPolicy"));
  }

  /** "resource: used/hard" for every hard limit, sorted; "limits.*" resources in the LIMIT column. */
  static Row resourceQuota(JsonNode rq, Instant now) {
    TreeMap<String, String> hard = new TreeMap<>();
    rq.path("status").path("hard").fields().forEachRemaining(e -> hard.put(e.getKey(), e.getValue().asText()));
    JsonNode used = rq.path("status").path("used");
    List<String> requests = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    hard.forEach((resource, quantity) -> {
      String[] pieces = resource.split("\\.", -1);
      String entry = resource + ": " + StoragePrinters.quantity(used.path(resource)) + "/"
          + Quantity.canonical(quantity);
      (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(entry);
    });
    return Row.of(Cells.name(rq), String.join(", ", requests), String.join(", ", limits), Cells.age(rq, now));
  }
}
