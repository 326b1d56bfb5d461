package dev.kplane.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;

/**
 * A kubelet's error answer as the client sees it: a Status with the kubelet's code and its message (kubectl
 * prints e.g. "Error from server (BadRequest): container "c" in pod "p" is waiting to start: ContainerCreating").
 */
final class KubeletErrors {
  private KubeletErrors() {}

  static ApiException of(int code, String body) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
    s.put("status", "Failure").put("message", body.strip()).put("reason", reason(code)).put("code", code);
    return new ApiException(s);
  }

  private static String reason(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 503 -> "ServiceUnavailable";
      default -> "InternalError";
    };
  }
}
