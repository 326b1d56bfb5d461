package dev.kplane.controllers.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespace controller's decisions for a terminating namespace (kube-controller-manager
 * pkg/controller/namespace/deletion/namespaced_resources_deleter.go and status_condition_utils.go): delete every
 * object in it, report what remains in the five deletion conditions, and once nothing is left remove the
 * {@code kubernetes} finalizer (the API server then removes the namespace).
 */
public final class NamespaceDeleter {
  public static final String FINALIZER = "kubernetes";
  /** How often a namespace with content left is looked at again, in case a request of the last pass was lost. */
  static final Duration RECHECK = Duration.ofSeconds(10);

  private NamespaceDeleter() {}

  /**
   * One pass: whether to delete the content (every namespaced collection, as upstream's deleteCollection per
   * resource: it also reaches objects this controller has not seen yet), the namespace with its new conditions (null
   * when they did not change), whether to finalize, and when to look again.
   */
  public record Plan(boolean deleteContent, ObjectNode status, boolean finalizeNow, Duration recheckAfter) {}

  /** The conditions kube keeps, in its order, with the reason and message of their "ok" (False) variant. */
  private static final Map<String, String[]> OK = new LinkedHashMap<>();

  static {
    OK.put("NamespaceDeletionDiscoveryFailure", new String[] {"ResourcesDiscovered", "All resources successfully discovered"});
    OK.put("NamespaceDeletionGroupVersionParsingFailure",
        new String[] {"ParsedGroupVersions", "All legacy kube types successfully parsed"});
    OK.put("NamespaceDeletionContentFailure",
        new String[] {"ContentDeleted", "All content successfully deleted, may be waiting on finalization"});
    OK.put("NamespaceContentRemaining", new String[] {"ContentRemoved", "All content successfully removed"});
    OK.put("NamespaceFinalizersRemaining", new String[] {"ContentRemoved", "All content successfully removed"});
  }

  /**
   * A namespace that is not being deleted, or is already finalized by us, needs nothing. Otherwise its content is
   * deleted; the objects already being deleted are what remains (upstream lists each type right after its delete:
   * what it still finds waits for finalizers or a grace period). An empty namespace is finalized once it has been
   * terminating for the settle time: what this controller sees of the namespace's content may lag behind the
   * namespace itself (other topics), and a finalized namespace cannot come back for what it missed.
   */
  public static Plan plan(JsonNode namespace, List<Content> contents, Instant now, Duration settle) {
    if (!namespace.path("metadata").hasNonNull("deletionTimestamp") || !hasFinalizer(namespace)) {
      return new Plan(false, null, false, null);
    }
    List<Content> remaining = contents.stream().filter(Content::beingDeleted).toList();
    ObjectNode updated = withConditions(namespace, failures(remaining, now), now);
    Instant settled = Instant.parse(namespace.path("metadata").path("deletionTimestamp").asText()).plus(settle);
    if (contents.isEmpty() && !now.isBefore(settled)) {
      return new Plan(false, updated, true, null);
    }
    Duration recheck = contents.isEmpty() ? Duration.between(now, settled) : RECHECK;
    return new Plan(true, updated, false, recheck);
  }

  /** The namespace as /finalize should receive it: without the kubernetes finalizer. */
  public static ObjectNode finalized(JsonNode namespace) {
    ObjectNode ns = namespace.deepCopy();
    ArrayNode kept = Json.MAPPER.createArrayNode();
    namespace.path("spec").path("finalizers").forEach(f -> {
      if (!f.asText().equals(FINALIZER)) {
        kept.add(f);
      }
    });
    ns.withObject("spec").set("finalizers", kept);
    return ns;
  }

  static boolean hasFinalizer(JsonNode namespace) {
    for (JsonNode f : namespace.path("spec").path("finalizers")) {
      if (f.asText().equals(FINALIZER)) {
        return true;
      }
    }
    return false;
  }

  /** ProcessContentTotals: the failing conditions for what remains. */
  static Map<String, ObjectNode> failures(List<Content> remaining, Instant now) {
    Map<String, ObjectNode> failing = new LinkedHashMap<>();
    if (remaining.isEmpty()) {
      return failing;
    }
    Map<String, Integer> byResource = new TreeMap<>();
    Map<String, Integer> byFinalizer = new TreeMap<>();
    for (Content c : remaining) {
      byResource.merge(c.type().resource() + "." + c.type().group(), 1, Integer::sum);
      c.finalizers().forEach(f -> byFinalizer.merge(f, 1, Integer::sum));
    }
    List<String> resources = new ArrayList<>();
    byResource.forEach((r, n) -> resources.add(r + " has " + n + " resource instances"));
    resources.sort(null);
    failing.put("NamespaceContentRemaining", condition("NamespaceContentRemaining", "True", "SomeResourcesRemain",
        "Some resources are remaining: " + String.join(", ", resources), now));
    if (!byFinalizer.isEmpty()) {
      List<String> finalizers = new ArrayList<>();
      byFinalizer.forEach((f, n) -> finalizers.add(f + " in " + n + " resource instances"));
      finalizers.sort(null);
      failing.put("NamespaceFinalizersRemaining", condition("NamespaceFinalizersRemaining", "True",
          "SomeFinalizerRemain", "Some finalizers are remaining: " + String.join(", ", finalizers), now));
    }
    return failing;
  }

  /**
   * updateConditions: each kept condition becomes its failing variant or else its ok variant; an existing
   * condition keeps its lastTransitionTime unless its status flips. Null when nothing changed.
   */
  static ObjectNode withConditions(JsonNode namespace, Map<String, ObjectNode> failing, Instant now) {
    ObjectNode ns = namespace.deepCopy();
    ArrayNode conditions = ns.withObject("status").withArray("conditions");
    boolean changed = false;
    for (Map.Entry<String, String[]> e : OK.entrySet()) {
      ObjectNode wanted = failing.getOrDefault(e.getKey(),
          condition(e.getKey(), "False", e.getValue()[0], e.getValue()[1], now));
      ObjectNode old = find(conditions, e.getKey());
      if (old == null) {
        conditions.add(wanted);
        changed = true;
      } else if (!same(old, wanted, "status") || !same(old, wanted, "reason") || !same(old, wanted, "message")) {
        if (!same(old, wanted, "status")) {
          old.put("lastTransitionTime", wanted.get("lastTransitionTime").asText());
        }
        old.put("status", wanted.get("status").asText());
        old.put("reason", wanted.get("reason").asText());
        old.put("message", wanted.get("message").asText());
        changed = true;
      }
    }
    return changed ? ns : null;
  }

  private static boolean same(JsonNode a, JsonNode b, String field) {
    return a.path(field).asText("").equals(b.path(field).asText(""));
  }

  private static ObjectNode find(ArrayNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (c.path("type").asText().equals(type)) {
        return (ObjectNode) c;
      }
    }
    return null;
  }

  private static ObjectNode condition(String type, String status, String reason, String message, Instant now) {
    return Json.MAPPER.createObjectNode().put("type", type).put("status", status)
        .put("lastTransitionTime", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
        .put("reason", reason).put("message", message);
  }
}
