package dev.kplane.apiserver.registry;

import java.util.UUID;

/**
 * Who asks, and how: carried from the HTTP or Kafka door through the pipeline into the command and audit.
 *
 * @param principal the authenticated user name
 * @param requestId unique per request; the command and its reply carry it
 * @param dryRun dryRun=All: run every step but the write
 */
public record RequestContext(String principal, String requestId, boolean dryRun) {
  public static final String ANONYMOUS = "system:anonymous";

  public static RequestContext of(String principal, boolean dryRun) {
    return new RequestContext(principal, UUID.randomUUID().toString(), dryRun);
  }

  /** A fresh request id for one more attempt of the same request (a retried compare-and-set). */
  public RequestContext retry() {
    return new RequestContext(principal, UUID.randomUUID().toString(), dryRun);
  }
}
