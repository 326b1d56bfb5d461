package dev.kplane.scheduler.framework;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.nodeInfo;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ProfileTest {

    @Test
    void fitErrorCountsReasonsSortedAsStrings() {
        var pod = pod("p").editSpec().withNodeSelector(Map.of("zone", "c")).editFirstContainer().withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2")).endResources().endContainer().endSpec().build();
        var small = nodeInfo(node("small", "cpu", "1", "memory", "1Gi").toBuilder().editMetadata().addToLabels("zone", "c").endMetadata().build());
        Snapshot s = Snapshot.of(List.of(small,
                nodeInfo(node("a").editMetadata().addToLabels("zone", "a").endMetadata().build()),
                nodeInfo(node("b").editMetadata().addToLabels("zone", "b").endMetadata().build())));
        var result = Profile.defaults("default-scheduler").schedule(pod, s);
        var fit = assertInstanceOf(ScheduleResult.FitError.class, result);
        assertEquals("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.", fit.message());
    }

    @Test
    void adaptivePercentageOfNodesToScore() {
        assertEquals(50, Profile.numFeasibleNodesToFind(0, 50));
        assertEquals(100, Profile.numFeasibleNodesToFind(0, 150));
        assertEquals(500, Profile.numFeasibleNodesToFind(0, 5000));
        assertEquals(750, Profile.numFeasibleNodesToFind(0, 2500)); // 50 - 20 = 30%
        assertEquals(500, Profile.numFeasibleNodesToFind(0, 10_000)); // floor of 5%
        assertEquals(100, Profile.numFeasibleNodesToFind(1, 5000)); // at least 100
        assertEquals(5000, Profile.numFeasibleNodesToFind(100, 5000));
    }
}
