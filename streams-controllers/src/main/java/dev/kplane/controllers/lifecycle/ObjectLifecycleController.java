package dev.kplane.controllers.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.garbagecollector.GarbageCollectorReconciler;
import dev.kplane.controllers.namespace.NamespaceReconciler;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ResourceType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The garbage collector and the namespace controller, which both need every object of every type by namespace,
 * over one copy of it: one repartition topic and one store per type instead of two. Their queue keys are told apart
 * by a prefix ({@code gc:} and {@code ns:}).
 */
public final class ObjectLifecycleController implements Controller {
  public static final String NAME = "objectlifecycle";
  private static final String GC = "gc:";
  private static final String NS = "ns:";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    Set<ResourceType> inputs = new LinkedHashSet<>(NamespaceReconciler.INPUTS);
    inputs.addAll(GarbageCollectorReconciler.INPUTS);
    ReconcileProcessor.build(builder, context, NAME, List.copyOf(inputs), new Both(new GarbageCollectorReconciler(),
        new NamespaceReconciler()));
  }

  private record Both(Reconciler gc, Reconciler ns) implements Reconciler {
    @Override
    public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
      if (GarbageCollectorReconciler.INPUTS.stream().anyMatch(t -> t.groupResource().equals(change.resource()))) {
        gc.observe(change, previous, state, key -> enqueue.accept(GC + key));
      }
      ns.observe(change, previous, state, key -> enqueue.accept(NS + key));
    }

    @Override
    public Result reconcile(String key, State state, long nowMs) {
      return key.startsWith(GC) ? gc.reconcile(key.substring(GC.length()), state, nowMs)
          : ns.reconcile(key.substring(NS.length()), state, nowMs);
    }
  }
}
