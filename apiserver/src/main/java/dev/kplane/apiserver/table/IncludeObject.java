package dev.kplane.apiserver.table;

import dev.kplane.apiserver.api.Status;

/** TableOptions.includeObject: what each row's "object" holds. Metadata, the default, is what kubectl asks for. */
public enum IncludeObject {
  /** No object: "object" is null. */
  NONE("None"),
  /** A meta.k8s.io PartialObjectMetadata: kind, apiVersion and the object's whole metadata. */
  METADATA("Metadata"),
  /** The object itself. */
  OBJECT("Object");

  private final String value;

  IncludeObject(String value) {
    this.value = value;
  }

  /**
   * The includeObject query parameter; absent or empty is Metadata. Any other value is the 400 kube-apiserver
   * answers (ValidateTableOptions in apimachinery's meta/v1 validation).
   */
  public static IncludeObject parse(String param) {
    if (param == null || param.isEmpty()) {
      return METADATA;
    }
    for (IncludeObject i : values()) {
      if (i.value.equals(param)) {
        return i;
      }
    }
    throw Status.badRequest("Unable to convert to Table as requested: includeObject: Invalid value: \""
        + param.replace("\\", "\\\\").replace("\"", "\\\"") + "\": must be 'Metadata', 'Object', 'None', or empty");
  }
}
