package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/** ValidatePodCreate and ValidatePodUpdate (1.32; InPlacePodVerticalScaling off). */
final class PodValidation {
  static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than `spec.containers[*].image`,"
      + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
      + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  private PodValidation() {}

  static List<FieldError> create(ObjectNode pod) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = pod.path("spec");
    PodSpecValidation.spec(errs, spec, "spec");
    for (String list : List.of("containers", "initContainers")) {
      List<ObjectNode> cs = Nodes.items(spec, list);
      for (int i = 0; i < cs.size(); i++) {
        ContainerValidation.imageWhitespace(errs, cs.get(i), Errs.index("spec." + list, i));
      }
    }
    if (!Nodes.isEmptyContainer(spec, "ephemeralContainers")) {
      errs.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
    }
    return errs;
  }

  static List<FieldError> update(ObjectNode next, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = next.path("spec");
    JsonNode oldSpec = old.path("spec");
    PodSpecValidation.spec(errs, spec, "spec");
    for (String list : List.of("containers", "initContainers")) {
      List<ObjectNode> cs = Nodes.items(spec, list);
      if (cs.size() != Nodes.items(oldSpec, list).size()) {
        errs.add(FieldError.forbidden("spec." + list, "pod updates may not add or remove containers"));
        return errs;
      }
      for (int i = 0; i < cs.size(); i++) {
        String idx = Errs.index("spec." + list, i);
        if (Nodes.isEmptyString(cs.get(i), "image")) {
          errs.add(FieldError.required(idx + ".image", ""));
        }
        ContainerValidation.imageWhitespace(errs, cs.get(i), idx);
      }
    }
    JsonNode deadline = spec.get("activeDeadlineSeconds");
    JsonNode oldDeadline = oldSpec.get("activeDeadlineSeconds");
    if (deadline != null && !deadline.isNull()) {
      if (deadline.asLong() < 0 || deadline.asLong() > Integer.MAX_VALUE) {
        errs.add(FieldError.invalid("spec.activeDeadlineSeconds", deadline.asLong(),
            "must be between 0 and 2147483647, inclusive"));
        return errs;
      }
      if (oldDeadline != null && !oldDeadline.isNull() && oldDeadline.asLong() < deadline.asLong()) {
        errs.add(FieldError.invalid("spec.activeDeadlineSeconds", deadline.asLong(),
            "must be less than or equal to previous value"));
        return errs;
      }
    } else if (oldDeadline != null && !oldDeadline.isNull()) {
      errs.add(FieldError.invalid("spec.activeDeadlineSeconds", new FieldError.GoValue("null"),
          "must not update from a positive integer to nil value"));
    }
    if (!onlyAddedTolerations(spec.path("tolerations"), oldSpec.path("tolerations"))) {
      errs.add(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
    }
    if (!munged(spec, oldSpec).equals(oldSpec)) {
      errs.add(FieldError.forbidden("spec", UPDATE_FORBIDDEN + "\n" + SpecDiff.of(oldSpec, munged(spec, oldSpec))));
    }
    return errs;
  }

  /** The new spec with the fields an update may change set back to their old values. */
  private static JsonNode munged(JsonNode spec, JsonNode oldSpec) {
    ObjectNode m = spec.deepCopy();
    for (String list : List.of("containers", "initContainers")) {
      List<ObjectNode> cs = Nodes.items(m, list);
      List<ObjectNode> olds = Nodes.items(oldSpec, list);
      for (int i = 0; i < cs.size() && i < olds.size(); i++) {
        copyField(olds.get(i), cs.get(i), "image");
      }
    }
    for (String f : List.of("activeDeadlineSeconds", "schedulingGates", "tolerations")) {
      copyField(oldSpec, m, f);
    }
    JsonNode oldGrace = oldSpec.get("terminationGracePeriodSeconds");
    if (oldGrace != null && oldGrace.asLong() < 0 && m.path("terminationGracePeriodSeconds").asLong() == 1) {
      m.set("terminationGracePeriodSeconds", oldGrace);
    }
    return m;
  }

  private static void copyField(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }

  /** Every old toleration is still there, only its tolerationSeconds may differ. */
  private static boolean onlyAddedTolerations(JsonNode next, JsonNode old) {
    for (JsonNode o : old) {
      boolean found = false;
      for (JsonNode n : next) {
        ObjectNode clone = o.deepCopy();
        copyField(n, clone, "tolerationSeconds");
        found |= clone.equals(n);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** A short description of what differs; kube prints a cmp.Diff of the Go structs here, which we cannot copy. */
  private static final class SpecDiff {
    static String of(JsonNode old, JsonNode next) {
      StringBuilder s = new StringBuilder();
      diff(s, "spec", old, next);
      return s.toString();
    }

    private static void diff(StringBuilder s, String path, JsonNode a, JsonNode b) {
      if (a != null && a.equals(b)) {
        return;
      }
      if (a instanceof ObjectNode oa && b instanceof ObjectNode ob) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        oa.fieldNames().forEachRemaining(keys::add);
        ob.fieldNames().forEachRemaining(keys::add);
        keys.forEach(k -> diff(s, path + "." + k, oa.get(k), ob.get(k)));
      } else if (a instanceof ArrayNode aa && b instanceof ArrayNode ab && aa.size() == ab.size()) {
        for (int i = 0; i < aa.size(); i++) {
          diff(s, path + "[" + i + "]", aa.get(i), ab.get(i));
        }
      } else {
        s.append("  ").append(path).append(": ").append(a).append(" -> ").append(b).append('\n');
      }
    }
  }
}
