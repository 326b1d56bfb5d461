package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.ResourceType;

/**
 * The review resources of authorization.k8s.io and authentication.k8s.io, answered as kube-apiserver answers them
 * with the AlwaysAllow authorizer and anonymous authentication, which is what kplane runs today: every access review
 * is allowed, every rules review grants everything, and a SelfSubjectReview names system:anonymous. Nothing is
 * stored; `kubectl auth can-i` and `kubectl auth whoami` work.
 */
public final class Reviews {
  private Reviews() {}

  /** The review with its status filled in. */
  public static ObjectNode answer(ResourceType type, String namespace, ObjectNode review, RequestContext ctx) {
    ObjectNode out = review.deepCopy();
    out.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    ObjectNode meta = out.withObjectProperty("metadata");
    meta.putNull("creationTimestamp");
    if (type.namespaced()) {
      String inSpec = review.path("spec").path("resourceAttributes").path("namespace").asText("");
      if (!inSpec.equals(namespace)) {
        throw Status.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
      }
    }
    ObjectNode status = out.putObject("status");
    switch (type.kind()) {
      case "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview" -> status.put("allowed", true);
      case "SelfSubjectRulesReview" -> {
        status.putArray("resourceRules").addObject().<ObjectNode>set("verbs", star())
            .<ObjectNode>set("apiGroups", star()).set("resources", star());
        status.putArray("nonResourceRules").addObject().<ObjectNode>set("verbs", star()).set("nonResourceURLs", star());
        status.put("incomplete", false);
      }
      case "SelfSubjectReview" -> {
        ObjectNode user = status.putObject("userInfo");
        user.put("username", ctx.principal());
        user.putArray("groups").add(ctx.principal().equals(RequestContext.ANONYMOUS)
            ? "system:unauthenticated" : "system:authenticated");
      }
      default -> throw Status.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    return out;
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode star() {
    return dev.kplane.schemas.Json.MAPPER.createArrayNode().add("*");
  }
}
