package dev.kplane.apiserver.registry.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.Json;

/**
 * A patch strategicpatch cannot apply, with its message, and the answer kube-apiserver gives for it
 * (handlers/patch.go interpretStrategicMergePatchError): malformed directives are a 400, a list of lists a 422 with
 * a generic message, and anything else reaches the client as a plain error: a 500 without a reason.
 */
public final class StrategicMergePatchError extends RuntimeException {
  /** How kube-apiserver reports the error. */
  private enum Answer { BAD_REQUEST, INVALID, UNKNOWN }

  private final Answer answer;

  private StrategicMergePatchError(Answer answer, String message) {
    super(message);
    this.answer = answer;
  }

  static StrategicMergePatchError badRequest(String message) {
    return new StrategicMergePatchError(Answer.BAD_REQUEST, message);
  }

  static StrategicMergePatchError unknown(String message) {
    return new StrategicMergePatchError(Answer.UNKNOWN, message);
  }

  static StrategicMergePatchError badPrimitiveList() {
    return badRequest("invalid patch format of primitive list");
  }

  static StrategicMergePatchError badRetainKeys() {
    return badRequest("invalid patch format of retainKeys");
  }

  static StrategicMergePatchError badSetElementOrder() {
    return badRequest("invalid patch format of setElementOrder list");
  }

  static StrategicMergePatchError listOfLists() {
    return new StrategicMergePatchError(Answer.INVALID, "lists of lists are not supported");
  }

  static StrategicMergePatchError noMergeKey(JsonNode map, String mergeKey) {
    return unknown("map: " + GoValues.format(map) + " does not contain declared merge key: " + mergeKey);
  }

  /** A value of the wrong kind where a map or a list is needed: "expected a map[string]interface {}, but ...". */
  static StrategicMergePatchError badArgType(String expected, JsonNode actual) {
    String type = GoValues.typeName(actual);
    return unknown("expected a " + expected + ", but received a " + (type == null ? "%!s(<nil>)" : type));
  }

  static StrategicMergePatchError badPatchType(JsonNode directive, JsonNode map) {
    return unknown("unknown patch type: " + GoValues.formatString(directive) + " in map: " + GoValues.format(map));
  }

  /** The Status kube-apiserver answers with. */
  public ApiException toApiException() {
    return switch (answer) {
      case BAD_REQUEST -> Status.badRequest(getMessage());
      case INVALID -> {
        // NewGenericServerResponse(422) keeps its own message and drops the patch error.
        ObjectNode s = status("Invalid", "the server rejected our request due to an error in our request");
        s.putObject("details");
        yield new ApiException(s.put("code", 422));
      }
      case UNKNOWN -> new ApiException(status(null, getMessage()).put("code", 500));
    };
  }

  /** A strategic merge patch of a kind without patch metadata: kube-apiserver does not offer the media type. */
  public static ApiException unsupportedMediaType() {
    return new ApiException(status("UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
        .put("code", 415));
  }

  /** A failure Status up to its reason; the caller adds details and the code, in kube's field order. */
  private static ObjectNode status(String reason, String message) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", message);
    if (reason != null) {
      s.put("reason", reason);
    }
    return s;
  }
}
