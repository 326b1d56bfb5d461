package dev.kplane.kubelet.runtime;

import java.time.Instant;

/**
 * A container as the runtime reports it. Times are null when not reached; exitCode and reason apply to
 * exited containers.
 */
public record Container(String id, String sandboxId, String podUid, String name, int attempt, State state,
    Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode, String reason, String message,
    String image, String imageRef) {

  public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

  public boolean running() {
    return state == State.RUNNING;
  }

  public boolean exited() {
    return state == State.EXITED;
  }
}
