package dev.kplane.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.streams.ReconcileProcessor;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The garbage collector: every watched type, repartitioned by namespace, so a namespaced object meets its owners
 * (which are in its namespace, or cluster-scoped). Cluster-scoped objects all meet in the partition of "", so
 * cluster-scoped owners of cluster-scoped dependents work too; a cluster-scoped owner of a namespaced dependent
 * is not visible from the dependent's partition and is taken as present (the dependent is never collected through
 * it), as is an owner of a kind the collector does not watch.
 */
public final class GarbageCollectorController implements Controller {
  public static final String NAME = "garbagecollector";
  static final String PRINCIPAL = "system:serviceaccount:kube-system:generic-garbage-collector";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    ReconcileProcessor.build(builder, context, NAME, Kinds.WATCHED, new GcReconciler());
  }

  /** The queue key of an object: its group/resource and store key. */
  static String itemKey(String groupResource, ObjectNode obj) {
    return groupResource + "|" + dev.kplane.controllers.objects.Objects.key(obj);
  }
}
