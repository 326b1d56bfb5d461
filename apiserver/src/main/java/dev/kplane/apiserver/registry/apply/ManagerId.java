package dev.kplane.apiserver.registry.apply;

/**
 * Who owns a set of fields: a managedFields entry without its fields and time (kube's BuildManagerIdentifier). An
 * applier is one manager whatever API version it applies with, so an Apply identity has no apiVersion; an updater
 * is one per version and subresource.
 *
 * @param manager the field manager's name
 * @param operation "Apply" or "Update"
 * @param apiVersion the API version of an Update, null for Apply
 * @param subresource "status", "scale" ..., or "" for the main resource
 */
public record ManagerId(String manager, String operation, String apiVersion, String subresource)
    implements Comparable<ManagerId> {
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  public static ManagerId apply(String manager, String subresource) {
    return new ManagerId(manager, APPLY, null, subresource);
  }

  public static ManagerId update(String manager, String apiVersion, String subresource) {
    return new ManagerId(manager, UPDATE, apiVersion, subresource);
  }

  public boolean applied() {
    return APPLY.equals(operation);
  }

  /** The identifier kube keys managers by: the entry's remaining fields as Go's encoding/json writes them. */
  public String identifier() {
    StringBuilder b = new StringBuilder("{");
    field(b, "manager", manager, true);
    field(b, "operation", operation, false);
    field(b, "apiVersion", apiVersion, false);
    field(b, "subresource", subresource, false);
    return b.append('}').toString();
  }

  private static void field(StringBuilder b, String name, String value, boolean first) {
    if (value == null || value.isEmpty()) {
      return;
    }
    b.append(first || b.length() == 1 ? "" : ",").append('"').append(name).append("\":");
    Values.quote(b, value);
  }

  /** As a conflict names the manager: {@code "kubectl" with subresource "scale" using apps/v1}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    Values.quote(b, manager);
    if (subresource != null && !subresource.isEmpty()) {
      b.append(" with subresource ");
      Values.quote(b, subresource);
    }
    if (UPDATE.equals(operation)) {
      b.append(" using ").append(apiVersion);
    }
    return b.toString();
  }

  @Override
  public int compareTo(ManagerId o) {
    return identifier().compareTo(o.identifier());
  }
}
