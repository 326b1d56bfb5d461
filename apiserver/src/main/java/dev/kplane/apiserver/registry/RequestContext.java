package dev.kplane.apiserver.registry;

import java.util.UUID;

/**
 * Who asks, and how: carried from the HTTP or Kafka door through the pipeline into the command and audit.
 *
 * @param principal the authenticated user name
 * @param requestId unique per request; the command and its reply carry it
 * @param dryRun dryRun=All: run every step but the write
 * @param fieldManager who managedFields records as the writer: the fieldManager parameter, else the User-Agent's
 *     product; the API server's own writes are "kube-apiserver", as kube-apiserver's loopback client names itself
 */
public record RequestContext(String principal, String requestId, boolean dryRun, String fieldManager) {
  public static final String ANONYMOUS = "system:anonymous";
  public static final String INTERNAL_MANAGER = "kube-apiserver";

  public static RequestContext of(String principal, boolean dryRun) {
    return new RequestContext(principal, UUID.randomUUID().toString(), dryRun, INTERNAL_MANAGER);
  }

  public RequestContext withFieldManager(String manager) {
    return new RequestContext(principal, requestId, dryRun, manager);
  }

  /** A fresh request id for one more attempt of the same request (a retried compare-and-set). */
  public RequestContext retry() {
    return new RequestContext(principal, UUID.randomUUID().toString(), dryRun, fieldManager);
  }
}
