package dev.kplane.controllers.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.Optional;

/**
 * The serviceaccounts controller's decision (pkg/controller/serviceaccount/serviceaccounts_controller.go): every
 * active namespace has a {@code default} ServiceAccount; one that is missing (never made, or deleted) is created.
 */
public final class ServiceAccountsDecider {
  public static final String DEFAULT = "default";

  private ServiceAccountsDecider() {}

  /** The ServiceAccount to create in this namespace, if any; a terminating namespace gets none. */
  public static Optional<ObjectNode> missing(JsonNode namespace, JsonNode defaultAccount) {
    if (namespace == null || defaultAccount != null
        || namespace.path("metadata").hasNonNull("deletionTimestamp")
        || namespace.path("status").path("phase").asText("").equals("Terminating")) {
      return Optional.empty();
    }
    ObjectNode sa = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ServiceAccount");
    sa.putObject("metadata").put("name", DEFAULT).put("namespace", namespace.path("metadata").path("name").asText());
    return Optional.of(sa);
  }
}
