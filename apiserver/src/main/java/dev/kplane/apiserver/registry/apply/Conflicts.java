package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An apply that would change fields other managers own to other values (merge.Conflicts), and the 409 kube-apiserver
 * answers with it: one cause of reason FieldManagerConflict per field.
 */
public final class Conflicts extends RuntimeException {
  /** One field another manager owns. */
  public record Conflict(ManagerId manager, List<PathElement> path) {}

  private final List<Conflict> conflicts;

  Conflicts(List<Conflict> conflicts) {
    super(conflicts.size() + " conflicts", null, false, false);
    this.conflicts = List.copyOf(conflicts);
  }

  /** The conflicts of the managers' sets, managers in identifier order, fields in path order. */
  static Conflicts of(Map<ManagerId, FieldSet> byManager) {
    List<Conflict> out = new ArrayList<>();
    new TreeMap<>(byManager).forEach((m, set) -> set.paths().forEach(p -> out.add(new Conflict(m, p))));
    return new Conflicts(out);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  FieldSet paths() {
    return FieldSet.of(conflicts.stream().map(Conflict::path).toList());
  }

  /** The conflicts whose paths are not in allowed. */
  Conflicts without(FieldSet allowed) {
    return new Conflicts(conflicts.stream().filter(c -> !allowed.has(c.path())).toList());
  }

  /** The Status kube-apiserver answers (errors.NewApplyConflict). */
  public ApiException toApiException() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", message());
    s.put("reason", "Conflict");
    ArrayNode causes = s.putObject("details").putArray("causes");
    for (Conflict c : conflicts) {
      causes.addObject().put("reason", "FieldManagerConflict").put("message", "conflict with " + c.manager().describe())
          .put("field", PathElement.pathString(c.path()));
    }
    s.put("code", 409);
    return new ApiException(s);
  }

  /** kube's getConflictMessage: one line for one conflict, else the fields grouped by manager. */
  String message() {
    if (conflicts.size() == 1) {
      Conflict c = conflicts.get(0);
      return "Apply failed with 1 conflict: conflict with " + c.manager().describe() + ": "
          + PathElement.pathString(c.path());
    }
    Map<ManagerId, List<String>> byManager = new LinkedHashMap<>();
    for (Conflict c : conflicts) {
      byManager.computeIfAbsent(c.manager(), k -> new ArrayList<>()).add(PathElement.pathString(c.path()));
    }
    List<String> lines = new ArrayList<>();
    new TreeMap<>(byManager).forEach((m, paths) -> {
      lines.add("conflicts with " + m.describe() + ":");
      paths.forEach(p -> lines.add("- " + p));
    });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
