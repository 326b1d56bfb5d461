package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A DELETE's options (meta/v1 DeleteOptions), from its body or query: preconditions, grace period and how
 * dependents are treated.
 *
 * @param uid precondition, null when not given
 * @param resourceVersion precondition, null when not given
 * @param gracePeriodSeconds null when not given
 * @param propagationPolicy Orphan, Background, Foreground, or null (the type's default: Background)
 */
public record DeleteOptions(String uid, String resourceVersion, Long gracePeriodSeconds, String propagationPolicy) {
  public static final DeleteOptions NONE = new DeleteOptions(null, null, null, null);
  public static final String ORPHAN_FINALIZER = "orphan";
  public static final String FOREGROUND_FINALIZER = "foregroundDeletion";
  private static final List<String> POLICIES = List.of("Foreground", "Background", "Orphan");

  /**
   * Reads the body (may be null) with the query's gracePeriodSeconds and propagationPolicy as fallbacks;
   * invalid options are a 422 on DeleteOptions, as kube-apiserver's ValidateDeleteOptions answers.
   */
  public static DeleteOptions of(JsonNode body, String queryGrace, String queryPolicy) {
    JsonNode pre = body == null ? null : body.path("preconditions");
    Long grace = body != null && body.hasNonNull("gracePeriodSeconds") ? Long.valueOf(body.get("gracePeriodSeconds").asLong())
        : queryGrace == null || queryGrace.isEmpty() ? null : parseGrace(queryGrace);
    String policy = body != null && body.hasNonNull("propagationPolicy") ? body.get("propagationPolicy").asText()
        : queryPolicy == null || queryPolicy.isEmpty() ? null : queryPolicy;
    List<FieldError> errors = new ArrayList<>();
    if (body != null && body.hasNonNull("orphanDependents")) {
      if (policy != null) {
        errors.add(FieldError.invalid("propagationPolicy", policy,
            "orphanDependents and deletionPropagation cannot be both set"));
      } else {
        policy = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
      }
    }
    if (policy != null && !POLICIES.contains(policy)) {
      errors.add(new FieldError("propagationPolicy", "Unsupported value", policy,
          "supported values: \"Foreground\", \"Background\", \"Orphan\""));
    }
    if (!errors.isEmpty()) {
      throw Status.invalidOptions("DeleteOptions", errors);
    }
    return new DeleteOptions(pre == null ? null : pre.path("uid").asText(null),
        pre == null ? null : pre.path("resourceVersion").asText(null), grace, policy);
  }

  private static Long parseGrace(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Status.badRequest("invalid value for gracePeriodSeconds: " + v);
    }
  }
}
