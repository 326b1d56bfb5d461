package dev.kplane.apiserver.registry;

/**
 * The query of a list or watch, as the Kubernetes API concepts define it. Null fields were not given.
 */
public record ListOptions(
    String labelSelector,
    String fieldSelector,
    String resourceVersion,
    String resourceVersionMatch,
    long limit,
    String continueToken,
    boolean allowWatchBookmarks,
    Boolean sendInitialEvents,
    long timeoutSeconds) {
}
