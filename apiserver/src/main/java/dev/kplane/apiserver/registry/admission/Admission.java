package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.ResourceType;
import java.util.List;

/**
 * A step of the write pipeline after validation, as kube-apiserver's admission plugins and registry
 * strategies (allocations) are: it may change the object or refuse the write, and it hears about writes
 * that were applied so it can release what the old version held.
 */
public interface Admission {
  Runnable NOTHING = () -> {};

  /**
   * Before a create (old == null) or an update. Throws an ApiException to refuse. Returns what to undo when
   * the write is then not applied (a conflict, a failed precondition).
   */
  default Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
    return NOTHING;
  }

  /** After a write was applied: old is null for a create, obj is null for a delete. */
  default void applied(ResourceType type, ObjectNode obj, ObjectNode old) {}

  /** Several admissions in order; a refusal undoes what the earlier ones did. */
  static Admission chain(List<Admission> steps) {
    return new Admission() {
      @Override
      public Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
        Runnable undo = NOTHING;
        for (Admission a : steps) {
          Runnable before = undo;
          Runnable mine;
          try {
            mine = a.admit(type, obj, old, ctx);
          } catch (RuntimeException e) {
            before.run();
            throw e;
          }
          undo = () -> {
            mine.run();
            before.run();
          };
        }
        return undo;
      }

      @Override
      public void applied(ResourceType type, ObjectNode obj, ObjectNode old) {
        steps.forEach(a -> a.applied(type, obj, old));
      }
    };
  }
}
