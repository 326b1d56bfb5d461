package dev.kplane.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.List;

/**
 * Kubernetes {@code Status} bodies with the codes, reasons and messages kube-apiserver uses
 * (k8s.io/apimachinery/pkg/api/errors).
 */
public final class Status {
  /** kube-apiserver's MaxRequestBodyBytes. */
  public static final long MAX_REQUEST_BODY_BYTES = 3L * 1024 * 1024;

  private Status() {}

  public static ObjectNode success(String kindPlural, String name, String group, String uid) {
    ObjectNode s = base("Success", null, null, 0);
    s.remove("code");
    ObjectNode details = s.putObject("details");
    details.put("name", name);
    if (group != null && !group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kindPlural);
    if (uid != null) {
      details.put("uid", uid);
    }
    return s;
  }

  public static ApiException notFound(ResourceType type, String name) {
    return error(404, "NotFound", type.groupResource() + " \"" + name + "\" not found", type, name);
  }

  public static ApiException alreadyExists(ResourceType type, String name) {
    return error(409, "AlreadyExists", type.groupResource() + " \"" + name + "\" already exists", type, name);
  }

  public static ApiException conflict(ResourceType type, String name, String detail) {
    return error(409, "Conflict",
        "Operation cannot be fulfilled on " + type.groupResource() + " \"" + name + "\": " + detail, type, name);
  }

  /** The conflict a stale resourceVersion gets. */
  public static ApiException staleConflict(ResourceType type, String name) {
    return conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
  }

  public static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
    // the qualified kind, as kube's NewInvalid prints a GroupKind: "Deployment.apps", "CronTab.stable.example.com"
    String kind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    StringBuilder msg = new StringBuilder().append(kind).append(" \"").append(name).append("\" is invalid: ");
    if (errors.size() == 1) {
      msg.append(errors.get(0).render());
    } else {
      msg.append('[');
      for (int i = 0; i < errors.size(); i++) {
        msg.append(i == 0 ? "" : ", ").append(errors.get(i).render());
      }
      msg.append(']');
    }
    ObjectNode s = base("Failure", "Invalid", msg.toString(), 422);
    ObjectNode details = s.putObject("details");
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.kind());
    ArrayNode causes = details.putArray("causes");
    for (FieldError e : errors) {
      causes.addObject().put("reason", e.causeType()).put("message", e.renderWithoutField()).put("field", e.field());
    }
    return new ApiException(s);
  }

  /** NamespaceLifecycle's refusal of a create in a namespace being deleted. */
  public static ApiException namespaceTerminating(ResourceType type, String name, String namespace) {
    ApiException e = error(403, "Forbidden", type.groupResource() + " \"" + name
        + "\" is forbidden: unable to create new content in namespace " + namespace + " because it is being terminated",
        type, name);
    ((ObjectNode) e.status().get("details")).putArray("causes").addObject().put("reason", "NamespaceTerminating")
        .put("message", "namespace " + namespace + " is being terminated").put("field", "metadata.namespace");
    return e;
  }

  public static ApiException forbidden(ResourceType type, String name, String detail) {
    return error(403, "Forbidden", type.groupResource() + " \"" + name + "\" is forbidden: " + detail, type, name);
  }

  /** Invalid request options (DeleteOptions, ListOptions ...): a 422 on the options kind of meta.k8s.io. */
  public static ApiException invalidOptions(String kind, List<FieldError> errors) {
    String joined = String.join(", ", errors.stream().map(FieldError::render).toList());
    ObjectNode s = base("Failure", "Invalid", kind + ".meta.k8s.io \"\" is invalid: "
        + (errors.size() == 1 ? joined : "[" + joined + "]"), 422);
    ObjectNode details = s.putObject("details");
    details.put("group", "meta.k8s.io");
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (FieldError e : errors) {
      causes.addObject().put("reason", e.causeType()).put("message", e.renderWithoutField()).put("field", e.field());
    }
    return new ApiException(s);
  }

  /** What a subresource action that creates nothing answers: Success with code 201. */
  public static ObjectNode created() {
    ObjectNode s = base("Success", null, null, 201);
    return s;
  }

  /** 429, e.g. an eviction a disruption budget forbids; the cause says which budget and why. */
  public static ApiException tooManyRequests(String message, String causeReason, String causeMessage) {
    ObjectNode s = base("Failure", "TooManyRequests", message, 429);
    s.putObject("details").putArray("causes").addObject().put("reason", causeReason).put("message", causeMessage);
    return new ApiException(s);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(base("Failure", "BadRequest", message, 400));
  }

  /** A patch that cannot be applied to the object: kube-apiserver answers 422 with the patch error. */
  public static ApiException invalidPatch(String message) {
    return new ApiException(base("Failure", "Invalid", "the server rejected our request due to an error in our request: " + message, 422));
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(base("Failure", "MethodNotAllowed", message, 405));
  }

  public static ApiException notAcceptable(String message) {
    return new ApiException(base("Failure", "NotAcceptable", message, 406));
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(base("Failure", "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf", 415));
  }

  public static ApiException tooLarge(long limit) {
    return new ApiException(base("Failure", "RequestEntityTooLarge", "Request entity too large: limit is " + limit, 413));
  }

  /** A watch or list from a resourceVersion that the log no longer holds. */
  public static ApiException gone(String message) {
    return new ApiException(base("Failure", "Expired", message, 410));
  }

  public static ApiException tooLargeResourceVersion(long requested, long current) {
    ObjectNode s = base("Failure", "Timeout",
        "Too large resource version: " + requested + ", current: " + current, 504);
    ObjectNode details = s.putObject("details");
    details.putArray("causes").addObject().put("reason", "ResourceVersionTooLarge")
        .put("message", "Too large resource version");
    details.put("retryAfterSeconds", 1);
    return new ApiException(s);
  }

  public static ApiException timeout(String message) {
    return new ApiException(base("Failure", "Timeout", message, 504));
  }

  public static ApiException unavailable(String message) {
    ObjectNode s = base("Failure", "ServiceUnavailable", message, 503);
    s.putObject("details").put("retryAfterSeconds", 1);
    return new ApiException(s);
  }

  public static ApiException internal(String message) {
    ObjectNode s = base("Failure", "InternalError", "Internal error occurred: " + message, 500);
    s.putObject("details").putArray("causes").addObject().put("message", message);
    return new ApiException(s);
  }

  public static ApiException notFoundMessage(String message) {
    return new ApiException(base("Failure", "NotFound", message, 404));
  }

  public static ApiException pathNotFound() {
    return new ApiException(base("Failure", "NotFound", "the server could not find the requested resource", 404));
  }

  private static ApiException error(int code, String reason, String message, ResourceType type, String name) {
    ObjectNode s = base("Failure", reason, message, code);
    ObjectNode details = s.putObject("details");
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.resource());
    return new ApiException(s);
  }

  private static ObjectNode base(String status, String reason, String message, int code) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", status);
    if (message != null) {
      s.put("message", message);
    }
    if (reason != null) {
      s.put("reason", reason);
    }
    s.put("code", code);
    return s;
  }
}
