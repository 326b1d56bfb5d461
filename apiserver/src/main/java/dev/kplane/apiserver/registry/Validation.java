package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.builtin.BuiltinValidation;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;

/** ObjectMeta validation common to every type (k8s.io/apimachinery/pkg/api/validation/objectmeta.go). */
final class Validation {
  private Validation() {}

  static void requireValid(ResourceType type, ObjectNode obj) {
    List<FieldError> errors = validateMeta(type, obj);
    errors.addAll(BuiltinValidation.validate(type, obj));
    if (!errors.isEmpty()) {
      throw Status.invalid(type, Meta.name(obj), errors);
    }
  }

  /**
   * An update of the main resource is validated as the type's update strategy does (immutable fields...); a
   * write through a subresource (status, binding, scale) only changes what that subresource owns, so, as with
   * kube's per-subresource strategies, the main resource's update rules do not apply to it.
   */
  static void requireValidUpdate(ResourceType type, ObjectNode next, ObjectNode current, boolean mainResource) {
    List<FieldError> errors = validateMeta(type, next);
    if (mainResource) {
      errors.addAll(BuiltinValidation.validateUpdate(type, next, current));
    }
    if (!errors.isEmpty()) {
      throw Status.invalid(type, Meta.name(next), errors);
    }
  }

  static List<FieldError> validateMeta(ResourceType type, ObjectNode obj) {
    List<FieldError> errors = new ArrayList<>();
    String name = Meta.name(obj);
    if (name.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      boolean namespaceStyle = type.resource().equals("namespaces");
      for (String msg : NameValidation.validateObjectName(name, namespaceStyle)) {
        errors.add(FieldError.invalid("metadata.name", name, msg));
      }
    }
    JsonNode meta = obj.path("metadata");
    for (String field : List.of("labels", "annotations")) {
      JsonNode m = meta.get(field);
      if (m != null && !m.isNull() && !m.isObject()) {
        errors.add(FieldError.invalid("metadata." + field, m.toString(), "must be a map of strings"));
      }
    }
    errors.addAll(NameValidation.validateLabels(Meta.stringMap(obj, "labels")));
    errors.addAll(NameValidation.validateAnnotations(Meta.stringMap(obj, "annotations")));
    return errors;
  }
}
