package dev.kplane.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.RequestSink;
import dev.kplane.controllers.streams.Sources;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The node lifecycle controller with taint-based eviction. Its inputs are grouped by node name, not namespace: a
 * Node, its Lease (kube-node-lease/&lt;node&gt;) and the pods bound to it meet in one task, so nodes spread over the
 * partitions like everything else. A wall-clock punctuation every monitor period checks each node's heartbeat
 * ({@link NodeHealth}), its taints ({@link NodeTaints}) and the eviction time of its pods ({@link TaintEviction}).
 */
public final class NodeLifecycleController implements Controller {
  public static final String NAME = "nodelifecycle";
  /** kube-controller-manager's --node-monitor-period. */
  public static final Duration DEFAULT_MONITOR_PERIOD = Duration.ofSeconds(5);
  static final ResourceType NODES = BuiltinResources.find("", "nodes").orElseThrow();
  static final ResourceType LEASES = BuiltinResources.find("coordination.k8s.io", "leases").orElseThrow();
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final String LEASE_NAMESPACE = "kube-node-lease";

  private final Duration gracePeriod;
  private final Duration monitorPeriod;

  public NodeLifecycleController() {
    this(NodeHealth.DEFAULT_GRACE, DEFAULT_MONITOR_PERIOD);
  }

  /** With another --node-monitor-grace-period and --node-monitor-period (tests use seconds). */
  public NodeLifecycleController(Duration gracePeriod, Duration monitorPeriod) {
    this.gracePeriod = gracePeriod;
    this.monitorPeriod = monitorPeriod;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    KStream<String, Change> nodes = byNode(builder, context, NODES, Objects::name, true);
    KStream<String, Change> leases = byNode(builder, context, LEASES, Objects::name, false);
    KStream<String, Change> pods = byNode(builder, context, PODS,
        o -> o.path("spec").path("nodeName").asText(""), false);
    KStream<String, Change> merged = nodes.merge(leases, Named.as(NAME + "-merge-leases"))
        .merge(pods, Named.as(NAME + "-merge-pods"));
    RequestSink.to(merged.process(new NodeLifecycleProcessor(gracePeriod, monitorPeriod), Named.as(NAME + "-monitor")),
        context, NAME);
  }

  /** A type's changes keyed by the node they concern; leases outside kube-node-lease and unbound pods stay out. */
  private static KStream<String, Change> byNode(StreamsBuilder builder, ControllerContext context, ResourceType type,
                                                Function<ObjectNode, String> node, boolean all) {
    String name = NAME + "-" + type.groupResource();
    return Sources.changes(builder, context, type)
        .filter((k, c) -> all || (type == LEASES ? Objects.namespace(c.object()).equals(LEASE_NAMESPACE)
            : !node.apply(c.object()).isEmpty()), Named.as(name + "-filter"))
        .selectKey((k, c) -> node.apply(c.object()), Named.as(name + "-key"))
        .repartition(Repartitioned.with(Serdes.String(), Change.serde()).withName(name)
            .withNumberOfPartitions(context.partitions()));
  }
}
