package dev.kplane.kubelet.runtime;

import java.time.Instant;

/** A pod sandbox as the runtime reports it. */
public record Sandbox(String id, String podUid, String podNamespace, String podName, int attempt, boolean ready,
    Instant createdAt) {}
