package dev.kplane.scheduler.plugins;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Selector;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import dev.kplane.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cases after podtopologyspread/filtering_test.go and scoring_test.go. */
class PodTopologySpreadTest {

    static Pod foo(String name) {
        return pod(name).editMetadata().addToLabels("foo", "").endMetadata().build();
    }

    static Pod spreading(String key, String when, int maxSkew) {
        return pod("p").editMetadata().addToLabels("foo", "").endMetadata().editSpec().withTopologySpreadConstraints(
                new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key).withWhenUnsatisfiable(when)
                        .withLabelSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("foo").withOperator("Exists")
                                .endMatchExpression().build()).build()).endSpec().build();
    }

    static NodeInfo zoned(String name, String zone, int matchingPods) {
        var b = node(name);
        if (zone != null) {
            b = b.editMetadata().addToLabels("zone", zone).endMetadata();
        }
        NodeInfo n = new NodeInfo(b.build());
        for (int i = 0; i < matchingPods; i++) {
            n.addPod(foo(name + "-" + i));
        }
        return n;
    }

    @Test
    void hardConstraintRejectsDomainsThatWouldExceedMaxSkew() {
        List<NodeInfo> nodes = List.of(zoned("node-a", "zone1", 2), zoned("node-b", "zone1", 1), zoned("node-x", "zone2", 2),
                zoned("node-y", "zone2", 0), zoned("no-zone", null, 0));
        PodTopologySpread plugin = new PodTopologySpread();
        PodInfo p = new PodInfo(spreading("zone", "DoNotSchedule", 1));
        CycleState state = new CycleState();
        assertEquals(Status.Code.SUCCESS, plugin.preFilter(state, p, Snapshot.of(nodes)).status().code());
        List<String> results = new ArrayList<>();
        for (NodeInfo n : nodes) {
            results.add(plugin.filter(state, p, n).message());
        }
        // zone1 has 3 matching pods, zone2 has 2: 3 + 1 - 2 > 1 but 2 + 1 - 2 <= 1
        assertEquals(List.of(PodTopologySpread.ERR_REASON_CONSTRAINTS_NOT_MATCH, PodTopologySpread.ERR_REASON_CONSTRAINTS_NOT_MATCH, "", "",
                PodTopologySpread.ERR_REASON_NODE_LABEL_NOT_MATCH), results);
    }

    @Test
    void softConstraintPrefersNodesWithFewerMatchingPods() {
        List<NodeInfo> nodes = List.of(zoned("n1", "z", 2), zoned("n2", "z", 1), zoned("n3", "z", 0));
        PodTopologySpread plugin = new PodTopologySpread();
        PodInfo p = new PodInfo(spreading("kubernetes.io/hostname", "ScheduleAnyway", 1));
        CycleState state = new CycleState();
        assertEquals(Status.Code.SUCCESS, plugin.preScore(state, p, nodes, Snapshot.of(nodes)).code());
        long[] scores = nodes.stream().mapToLong(n -> plugin.score(state, p, n)).toArray();
        // raw: count * ln(3 + 2) + (maxSkew - 1) rounded = 3, 2, 0; normalized 100 * (max + min - s) / max
        plugin.normalize(state, p, nodes, scores);
        assertEquals(List.of(0L, 33L, 100L), List.of(scores[0], scores[1], scores[2]));
    }

    @Test
    void systemDefaultsSpreadThePodsOfTheSameServiceOnlyWhenASelectorIsKnown() {
        List<NodeInfo> nodes = List.of(zoned("n1", "z", 2), zoned("n2", "z", 0));
        PodTopologySpread plugin = new PodTopologySpread();
        PodInfo p = new PodInfo(foo("p"));
        assertEquals(Status.Code.SKIP, plugin.preScore(new CycleState(), p, nodes, Snapshot.of(nodes)).code());
        Snapshot withService = Snapshot.of(nodes).withDefaultSelector(pod -> Selector.ofLabels(Map.of("foo", "")));
        CycleState state = new CycleState();
        assertEquals(Status.Code.SUCCESS, plugin.preScore(state, p, nodes, withService).code());
        assertEquals(List.of(true), List.of(plugin.score(state, p, nodes.get(0)) > plugin.score(state, p, nodes.get(1))));
    }
}
