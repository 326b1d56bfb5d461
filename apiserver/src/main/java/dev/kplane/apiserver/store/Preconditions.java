package dev.kplane.apiserver.store;

import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Precondition;

/** The compare in compare-and-set: a pure decision over the key's current state. */
final class Preconditions {
  private Preconditions() {}

  /**
   * The key's state as the writer knows it.
   *
   * @param resourceVersion 0 when absent, or when the key changed earlier in the batch being written (its new
   *     version is not known yet, and no client can hold it)
   */
  record Current(boolean exists, long resourceVersion, String uid) {
    static final Current ABSENT = new Current(false, 0, null);
  }

  static Outcome check(Current current, Command command) {
    Precondition p = command.getPrecondition();
    if (Boolean.FALSE.equals(p.getMustExist()) && current.exists()) {
      return Outcome.ALREADY_EXISTS;
    }
    boolean needsExisting = Boolean.TRUE.equals(p.getMustExist()) || p.getResourceVersion() != null
        || p.getUid() != null || command.getDelete();
    if (needsExisting && !current.exists()) {
      return Outcome.NOT_FOUND;
    }
    if (p.getUid() != null && !p.getUid().equals(current.uid())) {
      return Outcome.UID_MISMATCH;
    }
    if (p.getResourceVersion() != null && p.getResourceVersion() != current.resourceVersion()) {
      return Outcome.CONFLICT;
    }
    return Outcome.APPLIED;
  }
}
