package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The status kube's CRD controllers maintain, computed at write time: storedVersions (the strategy), acceptedNames
 * and the NamesAccepted condition (the naming controller: a name another CRD of the group already accepted is a
 * conflict), and Established (the establishing controller) once the names are accepted. kplane serves a CRD as soon
 * as every API server's registration listener reads it, so Established is set in the same write.
 */
public final class CrdStatus {
  private CrdStatus() {}

  public static boolean isEstablished(JsonNode crd) {
    return conditionTrue(crd, "Established");
  }

  static boolean conditionTrue(JsonNode crd, String type) {
    for (JsonNode c : crd.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /** A fresh status for a create (the strategy drops what the client sent). */
  static void resetForCreate(ObjectNode crd) {
    ObjectNode status = crd.putObject("status");
    status.putObject("acceptedNames").put("plural", "").put("kind", "");
    status.putArray("conditions");
    status.putArray("storedVersions");
  }

  /** Brings the status of a CRD up to date; others are the other CRDs of the cluster. */
  static void update(ObjectNode crd, List<JsonNode> others, Instant now) {
    ObjectNode status = crd.withObjectProperty("status");
    storedVersions(crd, status);
    String group = crd.path("spec").path("group").asText();
    Set<String> resources = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    for (JsonNode o : others) {
      if (o.path("spec").path("group").asText().equals(group) && !Meta.name(o).equals(Meta.name(crd))) {
        JsonNode accepted = o.path("status").path("acceptedNames");
        resources.add(accepted.path("plural").asText(""));
        resources.add(accepted.path("singular").asText(""));
        accepted.path("shortNames").forEach(s -> resources.add(s.asText()));
        kinds.add(accepted.path("kind").asText(""));
        kinds.add(accepted.path("listKind").asText(""));
      }
    }
    JsonNode requested = crd.path("spec").path("names");
    ObjectNode accepted = status.get("acceptedNames") instanceof ObjectNode a ? a : status.putObject("acceptedNames");
    String reason = "NoConflicts";
    String message = "no conflicts found";
    ObjectNode next = accepted.deepCopy();
    for (String[] name : new String[][] {{"plural", "PluralConflict"}, {"singular", "SingularConflict"}}) {
      String conflict = conflict(requested.path(name[0]).asText(""), accepted.path(name[0]).asText(""), resources);
      if (conflict != null) {
        reason = name[1];
        message = conflict;
      } else {
        next.put(name[0], requested.path(name[0]).asText(""));
      }
    }
    String shortConflict = null;
    for (JsonNode s : requested.path("shortNames")) {
      boolean had = false;
      for (JsonNode a : accepted.path("shortNames")) {
        had |= a.asText().equals(s.asText());
      }
      if (!had && shortConflict == null) {
        shortConflict = conflict(s.asText(), "", resources);
      }
    }
    if (shortConflict != null) {
      reason = "ShortNamesConflict";
      message = shortConflict;
    } else if (requested.has("shortNames")) {
      next.set("shortNames", requested.get("shortNames").deepCopy());
    }
    for (String[] name : new String[][] {{"kind", "KindConflict"}, {"listKind", "ListKindConflict"}}) {
      String conflict = conflict(requested.path(name[0]).asText(""), accepted.path(name[0]).asText(""), kinds);
      if (conflict != null) {
        reason = name[1];
        message = conflict;
      } else {
        next.put(name[0], requested.path(name[0]).asText(""));
      }
    }
    if (requested.has("categories")) {
      next.set("categories", requested.get("categories").deepCopy());
    } else {
      next.remove("categories");
    }
    status.set("acceptedNames", next);
    boolean namesAccepted = reason.equals("NoConflicts");
    setCondition(status, "NamesAccepted", namesAccepted, reason, message, now);
    if (namesAccepted) {
      setCondition(status, "Established", true, "InitialNamesAccepted", "the initial names have been accepted", now);
    } else if (!isEstablished(crd)) {
      setCondition(status, "Established", false, "NotAccepted", "not all names are accepted", now);
    }
  }

  private static String conflict(String requested, String accepted, Set<String> used) {
    if (requested.equals(accepted) || !used.contains(requested)) {
      return null;
    }
    return GoFormat.quote(requested) + " is already in use";
  }

  /** The storage version joins storedVersions (the CRD strategy's PrepareForCreate and PrepareForUpdate). */
  private static void storedVersions(ObjectNode crd, ObjectNode status) {
    ArrayNode stored = status.get("storedVersions") instanceof ArrayNode a ? a : status.putArray("storedVersions");
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        for (JsonNode s : stored) {
          if (s.asText().equals(v.path("name").asText())) {
            return;
          }
        }
        stored.add(v.path("name").asText());
        return;
      }
    }
  }

  /** Sets a condition; its lastTransitionTime changes only when its status does. */
  static void setCondition(ObjectNode status, String type, boolean value, String reason, String message, Instant now) {
    ArrayNode conditions = status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
    String s = value ? "True" : "False";
    for (JsonNode c : conditions) {
      if (c.path("type").asText().equals(type)) {
        ObjectNode o = (ObjectNode) c;
        if (!o.path("status").asText().equals(s)) {
          o.put("lastTransitionTime", Meta.timestamp(now));
        }
        o.put("status", s).put("reason", reason).put("message", message);
        return;
      }
    }
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("type", type).put("status", s).put("lastTransitionTime", Meta.timestamp(now)).put("reason", reason)
        .put("message", message);
    conditions.add(c);
  }
}
