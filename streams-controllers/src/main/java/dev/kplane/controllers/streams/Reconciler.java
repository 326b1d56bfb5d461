package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The logic of one controller, run by {@link ReconcileProcessor}: event handlers that only say which owner keys
 * to look at again (and note observed expectations), and a level-triggered reconcile of one key that reads the
 * stores and returns the API requests to send. Both run inside the task, single-threaded, in its transaction.
 */
public interface Reconciler {
  /**
   * An input object changed (already applied to its store). Enqueue the owner keys it may affect; lower the
   * expectations it fulfils.
   *
   * @param change the change (a deletion carries the final object)
   * @param previous the object it replaced, null if new
   */
  void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue);

  /** Reconciles one owner key (namespace/name) at wall-clock time nowMs. */
  Result reconcile(String key, State state, long nowMs);

  /** The requests to send, and when to look at the key again (null: only on the next change). */
  record Result(List<Request> requests, Duration requeueAfter) {
    public static final Result NOTHING = new Result(List.of(), null);

    public static Result of(List<Request> requests) {
      return new Result(requests, null);
    }
  }
}
