package dev.kplane.apiserver.registry.apply;

/**
 * What one manager owns (a managedFields entry once decoded): its fields, the API version they are expressed in,
 * and when it last changed the object (RFC 3339, or null when kube left it unset).
 */
public record Owned(FieldSet set, String apiVersion, String time) {
  Owned withSet(FieldSet s) {
    return new Owned(s, apiVersion, time);
  }
}
