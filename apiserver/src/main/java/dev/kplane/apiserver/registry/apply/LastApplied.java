package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;

/**
 * The bridge between client-side and server-side apply for kubectl (lastAppliedManager, lastAppliedUpdater): the
 * manager "kubectl" may take without force the fields its client-side apply annotation still describes, and while an
 * object keeps that annotation, each server-side apply by "kubectl" rewrites it, so that a later client-side apply
 * computes its patch from what was applied last.
 */
final class LastApplied {
  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
  /** The manager kubectl apply --server-side uses; other managers opt out of the upgrade. */
  private static final String KUBECTL = "kubectl";

  private LastApplied() {}

  /** Whether the conflicts may be forced; otherwise throws the conflicts that remain. */
  static boolean allows(Conflicts c, String manager, TypeNode root, ResourceType type, ObjectNode live) {
    if (!KUBECTL.equals(manager)) {
      throw c;
    }
    FieldSet allowed = fromAnnotation(root, type, live);
    if (allowed == null) {
      throw c;
    }
    Conflicts left = c.without(allowed);
    if (!left.conflicts().isEmpty()) {
      throw left;
    }
    return true;
  }

  /** The fields the annotation sets to the values the live object still has; null without a usable annotation. */
  private static FieldSet fromAnnotation(TypeNode root, ResourceType type, ObjectNode live) {
    String text = live.path("metadata").path("annotations").path(ANNOTATION).asText("");
    if (text.isEmpty()) {
      return null;
    }
    JsonNode last;
    try {
      last = Json.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
    if (!last.isObject() || !last.path("apiVersion").asText("").equals(type.apiVersion())) {
      return null;
    }
    try {
      Compare.Comparison c = Compare.compare(last, live, root);
      return FieldSets.of(last, root).difference(c.modified()).difference(c.added()).difference(c.removed());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** After an apply by kubectl, an object that has the annotation gets the applied configuration in it. */
  static void sync(ObjectNode out, ObjectNode config, String manager) {
    JsonNode annotations = out.path("metadata").path("annotations");
    if (!KUBECTL.equals(manager) || annotations.path(ANNOTATION).asText("").isEmpty()) {
      return;
    }
    ObjectNode applied = config.deepCopy();
    JsonNode appliedAnnotations = applied.path("metadata").path("annotations");
    if (appliedAnnotations instanceof ObjectNode a) {
      a.remove(ANNOTATION);
      if (a.isEmpty()) {
        ((ObjectNode) applied.get("metadata")).remove("annotations");
      }
    }
    // encoded as kubectl encodes it: Go's encoding/json with its trailing newline
    ((ObjectNode) annotations).put(ANNOTATION, Values.goJson(applied) + "\n");
  }
}
