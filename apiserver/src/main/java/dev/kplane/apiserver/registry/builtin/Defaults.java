package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.ResourceType;

/**
 * Server-side defaulting of the built-in types, as kube-apiserver 1.32 applies it when it decodes a request body
 * (SetObjectDefaults_* of each group, nested defaults included) and, on create, the plain field settings of the
 * registry strategies and mutating admission plugins. Custom resources are left alone.
 */
public final class Defaults {
  private Defaults() {}

  /** Defaulting of a create or update body; mutates obj. A malformed quantity fails like kube's decoder: 400. */
  public static void apply(ResourceType type, ObjectNode obj) {
    try {
      switch (type.group()) {
        case "" -> CoreDefaults.apply(type.resource(), obj);
        case "apps" -> AppsDefaults.apply(type.resource(), obj);
        case "batch" -> BatchDefaults.apply(type.resource(), obj);
        default -> OtherGroupsDefaults.apply(type.group(), type.resource(), obj);
      }
    } catch (IllegalArgumentException e) {
      throw Status.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind() + ": " + e.getMessage());
    }
  }

  /**
   * Everything a create sets: defaulting, then the strategy and admission settings (which need the defaulted
   * object, e.g. a pod's QoS class counts requests defaulted from limits, and the uid for a Job's selector),
   * then defaulting again, as kube-apiserver applies it when the stored object is read back.
   */
  public static void applyOnCreate(ResourceType type, ObjectNode obj) {
    apply(type, obj);
    try {
      CreateStrategies.apply(type.group(), type.resource(), obj);
    } catch (IllegalArgumentException e) {
      throw Status.badRequest(e.getMessage());
    }
    apply(type, obj);
  }

  /** Defaulting of an update body, plus the update strategies' field settings that need the old object. */
  public static void applyOnUpdate(ResourceType type, ObjectNode next, ObjectNode old) {
    apply(type, next);
    if (type.group().isEmpty() && type.resource().equals("services")) {
      CoreDefaults.keepAllocatedServiceValues(next, old);
    }
  }
}
