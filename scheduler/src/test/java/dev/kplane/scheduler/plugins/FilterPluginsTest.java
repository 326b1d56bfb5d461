package dev.kplane.scheduler.plugins;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import dev.kplane.scheduler.plugins.nodeaffinity.NodeAffinityPlugin;
import dev.kplane.scheduler.plugins.nodeports.NodePorts;
import dev.kplane.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import dev.kplane.scheduler.plugins.tainttoleration.TaintToleration;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.nodeInfo;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cases after taint_toleration_test.go, node_affinity_test.go, node_ports_test.go, node_unschedulable_test.go. */
class FilterPluginsTest {

    static Node tainted(String name, Taint... taints) {
        return node(name).editSpec().withTaints(taints).endSpec().build();
    }

    static Pod tolerating(Toleration... tolerations) {
        return pod("p").editSpec().withTolerations(tolerations).endSpec().build();
    }

    static Stream<Arguments> taintCases() {
        Taint noSchedule = new Taint("NoSchedule", "dedicated", null, "user1");
        return Stream.of(
                Arguments.of("pod without tolerations on tainted node", pod("p").build(), tainted("n", noSchedule),
                        "node(s) had untolerated taint {dedicated: user1}"),
                Arguments.of("toleration with the same key and value", tolerating(new Toleration("NoSchedule", "dedicated", "Equal", null, "user1")),
                        tainted("n", noSchedule), null),
                Arguments.of("toleration with another value", tolerating(new Toleration("NoSchedule", "dedicated", "Equal", null, "user2")),
                        tainted("n", noSchedule), "node(s) had untolerated taint {dedicated: user1}"),
                Arguments.of("Exists tolerates any value", tolerating(new Toleration("NoSchedule", "dedicated", "Exists", null, null)),
                        tainted("n", noSchedule), null),
                Arguments.of("PreferNoSchedule does not filter", pod("p").build(),
                        tainted("n", new Taint("PreferNoSchedule", "foo", null, "bar")), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taintCases")
    void taintToleration(String name, Pod pod, Node node, String reason) {
        Status s = new TaintToleration().filter(new CycleState(), new PodInfo(pod), nodeInfo(node));
        assertEquals(reason == null ? List.of() : List.of(reason), s.reasons());
        assertEquals(reason == null ? Status.Code.SUCCESS : Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
    }

    @Test
    void taintTolerationPrefersNodesWithFewerUntoleratedPreferNoScheduleTaints() {
        PodInfo p = new PodInfo(tolerating(new Toleration("PreferNoSchedule", "foo", "Equal", null, "bar")));
        List<NodeInfo> nodes = List.of(
                nodeInfo(tainted("tolerated", new Taint("PreferNoSchedule", "foo", null, "bar"))),
                nodeInfo(tainted("one", new Taint("PreferNoSchedule", "cpu-type", null, "arm64"))),
                nodeInfo(tainted("two", new Taint("PreferNoSchedule", "cpu-type", null, "arm64"), new Taint("PreferNoSchedule", "disk", null, "hdd"))));
        TaintToleration t = new TaintToleration();
        CycleState state = new CycleState();
        t.preScore(state, p, nodes, null);
        long[] scores = nodes.stream().mapToLong(n -> t.score(state, p, n)).toArray();
        t.normalize(state, p, nodes, scores);
        assertEquals(List.of(100L, 50L, 0L), List.of(scores[0], scores[1], scores[2]));
    }

    static Node labeled(String name, Map<String, String> labels) {
        return node(name).editMetadata().addToLabels(labels).endMetadata().build();
    }

    static Pod withRequiredAffinity(String key, String operator, String... values) {
        return pod("p").editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator)
                        .withValues(values).build()).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    }

    static Stream<Arguments> nodeAffinityCases() {
        return Stream.of(
                Arguments.of("no selector", pod("p").build(), labeled("n", Map.of()), true),
                Arguments.of("nodeSelector matches", pod("p").editSpec().withNodeSelector(Map.of("foo", "bar")).endSpec().build(),
                        labeled("n", Map.of("foo", "bar")), true),
                Arguments.of("nodeSelector does not match", pod("p").editSpec().withNodeSelector(Map.of("foo", "bar")).endSpec().build(),
                        labeled("n", Map.of("foo", "baz")), false),
                Arguments.of("In matches", withRequiredAffinity("foo", "In", "bar", "value2"), labeled("n", Map.of("foo", "bar")), true),
                Arguments.of("Gt matches", withRequiredAffinity("kernel-version", "Gt", "0204"), labeled("n", Map.of("kernel-version", "0206")), true),
                Arguments.of("NotIn on a missing label matches", withRequiredAffinity("mem-type", "NotIn", "DDR"), labeled("n", Map.of()), true),
                Arguments.of("DoesNotExist fails when present", withRequiredAffinity("GPU", "DoesNotExist"), labeled("n", Map.of("GPU", "NVIDIA")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeAffinityCases")
    void nodeAffinity(String name, Pod pod, Node node, boolean fits) {
        NodeAffinityPlugin p = new NodeAffinityPlugin();
        CycleState state = new CycleState();
        PodInfo pi = new PodInfo(pod);
        var pre = p.preFilter(state, pi, Snapshot.of(List.of()));
        Status s = pre.status().isSkip() ? Status.SUCCESS : p.filter(state, pi, nodeInfo(node));
        assertEquals(fits ? List.of() : List.of(NodeAffinityPlugin.ERR_REASON_POD), s.reasons());
    }

    @Test
    void nodeAffinityNarrowsToNamedNodes() {
        Pod pod = pod("p").editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchFields(new io.fabric8.kubernetes.api.model.NodeSelectorRequirement("metadata.name", "In", List.of("node-1"))).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
        var r = new NodeAffinityPlugin().preFilter(new CycleState(), new PodInfo(pod), Snapshot.of(List.of()));
        assertEquals(java.util.Set.of("node-1"), r.nodeNames());
    }

    @Test
    void nodePortsConflictOnSameProtocolAndPortUnlessBothBindDistinctIps() {
        Pod wants = pod("p").editSpec().editFirstContainer().addNewPort().withHostPort(8080).withContainerPort(80).withHostIP("127.0.0.1")
                .endPort().endContainer().endSpec().build();
        Pod usesOtherIp = pod("e").editSpec().editFirstContainer().addNewPort().withHostPort(8080).withContainerPort(80).withHostIP("127.0.0.2")
                .endPort().endContainer().endSpec().build();
        Pod usesAll = pod("e").editSpec().editFirstContainer().addNewPort().withHostPort(8080).withContainerPort(80).endPort().endContainer().endSpec().build();
        NodePorts plugin = new NodePorts();
        assertEquals(Status.Code.SUCCESS, plugin.filter(new CycleState(), new PodInfo(wants), nodeInfo(node("n").build(), usesOtherIp)).code());
        Status s = plugin.filter(new CycleState(), new PodInfo(wants), nodeInfo(node("n").build(), usesAll));
        assertEquals(List.of(NodePorts.ERR_REASON), s.reasons());
        assertEquals(Status.Code.UNSCHEDULABLE, s.code());
    }

    @Test
    void cordonedNodeTakesOnlyPodsToleratingUnschedulable() {
        NodeInfo cordoned = nodeInfo(node("n").editSpec().withUnschedulable(true).endSpec().build());
        NodeUnschedulable plugin = new NodeUnschedulable();
        assertEquals(List.of(NodeUnschedulable.ERR_REASON_UNSCHEDULABLE), plugin.filter(new CycleState(), new PodInfo(pod("p").build()), cordoned).reasons());
        Pod tolerant = tolerating(new Toleration("NoSchedule", "node.kubernetes.io/unschedulable", "Exists", null, null));
        assertEquals(Status.Code.SUCCESS, plugin.filter(new CycleState(), new PodInfo(tolerant), cordoned).code());
    }
}
