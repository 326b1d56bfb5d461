package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The server-side printing of kube-apiserver 1.32: what `kubectl get` shows. Built-in types with a handler in
 * pkg/printers/internalversion/printers.go get its columns and cells; the others (roles, cluster roles, limit
 * ranges, CRDs...) get rest.DefaultTableConvertor's NAME and CREATED AT; custom resources get their CRD's
 * additionalPrinterColumns.
 */
public final class TablePrinter {
  private static final Map<String, Printer> PRINTERS = Map.ofEntries(
      Map.entry("pods", PodPrinter.PRINTER),
      Map.entry("nodes", NodePrinter.PRINTER),
      Map.entry("namespaces", CorePrinters.NAMESPACE),
      Map.entry("services", NetworkPrinters.SERVICE),
      Map.entry("endpoints", NetworkPrinters.ENDPOINTS),
      Map.entry("configmaps", CorePrinters.CONFIG_MAP),
      Map.entry("secrets", CorePrinters.SECRET),
      Map.entry("serviceaccounts", CorePrinters.SERVICE_ACCOUNT),
      Map.entry("events", CorePrinters.EVENT),
      Map.entry("resourcequotas", PolicyPrinters.RESOURCE_QUOTA),
      Map.entry("persistentvolumes", StoragePrinters.PERSISTENT_VOLUME),
      Map.entry("persistentvolumeclaims", StoragePrinters.PERSISTENT_VOLUME_CLAIM),
      Map.entry("podtemplates", WorkloadPrinters.POD_TEMPLATE),
      Map.entry("replicationcontrollers", WorkloadPrinters.REPLICATION_CONTROLLER),
      Map.entry("deployments.apps", WorkloadPrinters.DEPLOYMENT),
      Map.entry("replicasets.apps", WorkloadPrinters.REPLICA_SET),
      Map.entry("statefulsets.apps", WorkloadPrinters.STATEFUL_SET),
      Map.entry("daemonsets.apps", WorkloadPrinters.DAEMON_SET),
      Map.entry("controllerrevisions.apps", WorkloadPrinters.CONTROLLER_REVISION),
      Map.entry("jobs.batch", WorkloadPrinters.JOB),
      Map.entry("cronjobs.batch", WorkloadPrinters.CRON_JOB),
      Map.entry("leases.coordination.k8s.io", CorePrinters.LEASE),
      Map.entry("endpointslices.discovery.k8s.io", NetworkPrinters.ENDPOINT_SLICE),
      Map.entry("events.events.k8s.io", CorePrinters.EVENTS_API_EVENT),
      Map.entry("rolebindings.rbac.authorization.k8s.io", PolicyPrinters.ROLE_BINDING),
      Map.entry("clusterrolebindings.rbac.authorization.k8s.io", PolicyPrinters.CLUSTER_ROLE_BINDING),
      Map.entry("ingresses.networking.k8s.io", NetworkPrinters.INGRESS),
      Map.entry("networkpolicies.networking.k8s.io", NetworkPrinters.NETWORK_POLICY),
      Map.entry("ingressclasses.networking.k8s.io", NetworkPrinters.INGRESS_CLASS),
      Map.entry("poddisruptionbudgets.policy", WorkloadPrinters.POD_DISRUPTION_BUDGET),
      Map.entry("priorityclasses.scheduling.k8s.io", PolicyPrinters.PRIORITY_CLASS),
      Map.entry("storageclasses.storage.k8s.io", StoragePrinters.STORAGE_CLASS));

  /** rest.DefaultTableConvertor: the name and the creation time in RFC 3339 (a "date" column kubectl ages). */
  private static final TableConvertor DEFAULT = new TableConvertor(
      List.of(Column.nameColumn(), new Column("Created At", "date", "", Column.AGE_DOC, 0)),
      (o, now) -> Row.of(Cells.name(o), createdAt(o)), true);

  private TablePrinter() {}

  /** The Table of a built-in type's objects, rows in the given order; the caller sets the Table's metadata. */
  public static ObjectNode table(ResourceType type, List<ObjectNode> objects, IncludeObject include, Instant now) {
    return forType(type).table(objects, include, now);
  }

  /** The convertor of a built-in type: its printers.go handler, or the default NAME / CREATED AT table. */
  public static TableConvertor forType(ResourceType type) {
    Printer p = PRINTERS.get(type.groupResource());
    return p == null ? DEFAULT : new TableConvertor(p.columns(), p.row(), false);
  }

  /** The convertor of a custom resource, from its CRD version's spec.versions[].additionalPrinterColumns. */
  public static TableConvertor forPrinterColumns(JsonNode additionalPrinterColumns) {
    return PrinterColumns.convertor(additionalPrinterColumns);
  }

  /** metav1.Time in UTC as RFC 3339; Go's zero time when the object has none. */
  private static String createdAt(JsonNode o) {
    Instant t = HumanDuration.parse(Cells.text(o, "metadata", "creationTimestamp"));
    if (t == null) {
      return "0001-01-01T00:00:00Z";
    }
    return dev.kplane.apiserver.registry.Meta.timestamp(t);
  }
}
