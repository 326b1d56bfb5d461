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

    @Test
    void spaceFreedForANominatedPodIsNotTakenByALowerPriorityPod() {
        NodeInfo n1 = nodeInfo(node("n1", "cpu", "1"));
        NodeInfo n2 = nodeInfo(node("n2", "cpu", "1"));
        PodInfo nominated = new PodInfo(pod("preemptor", "cpu", "1").toBuilder().editSpec().withPriority(100).endSpec().build());
        Snapshot s = Snapshot.of(List.of(n1, n2)).withNominatedPods(Map.of("n1", List.of(nominated)));
        Profile profile = Profile.defaults("default-scheduler");
        for (int i = 0; i < 5; i++) {
            var r = assertInstanceOf(ScheduleResult.Success.class, profile.schedule(pod("low-" + i, "cpu", "1"), s));
            assertEquals("n2", r.suggestedHost());
        }
        // the nominated pod itself (same uid) still fits on its node
        assertEquals(Status.Code.SUCCESS, profile.runFiltersWithNominatedPods(new CycleState(), nominated, n1, s).code());
    }

    @Test
    void roundRobinStartIndexMovesOnByTheNodesProcessed() {
        List<NodeInfo> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            nodes.add(nodeInfo(node("n" + i, "cpu", "1")));
        }
        Profile profile = Profile.builder("p").queueSort(new dev.kplane.scheduler.plugins.prioritysort.PrioritySort()).percentageOfNodesToScore(50)
                .filter(new Plugin.Filter() {
                    public String name() {
                        return "AllPass";
                    }

                    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
                        return Status.SUCCESS;
                    }
                }).build();
        Snapshot s = Snapshot.of(nodes);
        // 50% of 200 = 100 nodes per cycle; a constant score makes every evaluated node a tie
        var first = assertInstanceOf(ScheduleResult.Success.class, profile.schedule(pod("a").build(), s));
        assertEquals(100, first.evaluatedNodes());
        var second = assertInstanceOf(ScheduleResult.Success.class, profile.schedule(pod("b").build(), s));
        int index = Integer.parseInt(second.suggestedHost().substring(1));
        assertEquals(true, index >= 100, "second cycle starts where the first stopped: " + index);
    }

    @Test
    void gatedPodsAreHeldBeforeTheQueue() {
        Profile profile = Profile.defaults("default-scheduler");
        var gated = pod("p").editSpec().addNewSchedulingGate("example.com/a").addNewSchedulingGate("example.com/b").endSpec().build();
        Status s = profile.preEnqueue(gated);
        assertEquals(List.of("waiting for scheduling gates: [example.com/a example.com/b]"), s.reasons());
        assertEquals("SchedulingGates", s.plugin());
        assertEquals(Status.Code.SUCCESS, profile.preEnqueue(pod("q").build()).code());
    }
}
