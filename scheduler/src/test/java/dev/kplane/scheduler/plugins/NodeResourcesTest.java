package dev.kplane.scheduler.plugins;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Status;
import dev.kplane.scheduler.plugins.noderesources.BalancedAllocation;
import dev.kplane.scheduler.plugins.noderesources.Fit;
import dev.kplane.scheduler.plugins.noderesources.ResourceSpec;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.nodeInfo;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cases from noderesources/fit_test.go, least_allocated_test.go, most_allocated_test.go, balanced_allocation_test.go. */
class NodeResourcesTest {

    static Stream<Arguments> filterCases() {
        return Stream.of(
                Arguments.of("no resources requested always fits", pod("p").build(), nodeInfo(node("n", "cpu", "10m", "memory", "20"), pod("e", "cpu", "10m", "memory", "20")), List.of(), Status.Code.SUCCESS),
                Arguments.of("too many resources fails", pod("p", "cpu", "1m", "memory", "1"),
                        nodeInfo(node("n", "cpu", "10m", "memory", "20"), pod("e", "cpu", "10m", "memory", "20")),
                        List.of("Insufficient cpu", "Insufficient memory"), Status.Code.UNSCHEDULABLE),
                Arguments.of("request above allocatable is still only unschedulable in v1.32", pod("p", "cpu", "11m"),
                        nodeInfo(node("n", "cpu", "10m", "memory", "20")), List.of("Insufficient cpu"), Status.Code.UNSCHEDULABLE),
                Arguments.of("equal edge case fits", pod("p", "cpu", "5m", "memory", "10"),
                        nodeInfo(node("n", "cpu", "10m", "memory", "20"), pod("e", "cpu", "5m", "memory", "10")), List.of(), Status.Code.SUCCESS),
                Arguments.of("extended resource insufficient", pod("p", "example.com/gpu", "2"),
                        nodeInfo(node("n", "cpu", "10m", "example.com/gpu", "3"), pod("e", "example.com/gpu", "2")),
                        List.of("Insufficient example.com/gpu"), Status.Code.UNSCHEDULABLE),
                Arguments.of("even without requests a full node has too many pods", pod("p").build(),
                        nodeInfo(node("n", "cpu", "10m", "pods", "1"), pod("e").build()), List.of("Too many pods"), Status.Code.UNSCHEDULABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, NodeInfo node, List<String> reasons, Status.Code code) {
        Status s = new Fit().filter(new CycleState(), new PodInfo(pod), node);
        assertEquals(code, s.code());
        assertEquals(reasons, s.reasons());
    }

    @ParameterizedTest(name = "ignored group {0}")
    @MethodSource("ignoredGroups")
    void ignoredResourceGroupsAreNotChecked(String group, Status.Code code) {
        Fit fit = new Fit(Set.of(), Set.of(group), "LeastAllocated", ResourceSpec.DEFAULT, null);
        Status s = fit.filter(new CycleState(), new PodInfo(pod("p", "example.com/gpu", "1")), nodeInfo(node("n", "cpu", "1")));
        assertEquals(code, s.code());
    }

    static Stream<Arguments> ignoredGroups() {
        return Stream.of(Arguments.of("example.com", Status.Code.SUCCESS), Arguments.of("other.io", Status.Code.UNSCHEDULABLE));
    }

    /**
     * Node1 4000m/10000: cpu (4000-3000)*100/4000 = 25, memory (10000-5000)*100/10000 = 50, (25+50)/2 = 37;
     * Node2 6000m/10000: 50 and 50. MostAllocated: 75, 50 -> 62 and 50, 50 -> 50. Balanced: 1 - |0.75-0.5|/2 = 87, 100.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void score(String strategy, long node1, long node2) {
        PodInfo p = new PodInfo(pod("p", "cpu", "3000m", "memory", "5000"));
        NodeInfo n1 = nodeInfo(node("n1", "cpu", "4000m", "memory", "10000"));
        NodeInfo n2 = nodeInfo(node("n2", "cpu", "6000m", "memory", "10000"));
        var plugin = strategy.equals("Balanced") ? new BalancedAllocation(ResourceSpec.DEFAULT)
                : new Fit(Set.of(), Set.of(), strategy, ResourceSpec.DEFAULT, null);
        CycleState state = new CycleState();
        plugin.preScore(state, p, List.of(n1, n2), null);
        assertEquals(node1, plugin.score(state, p, n1));
        assertEquals(node2, plugin.score(state, p, n2));
    }

    static Stream<Arguments> scoreCases() {
        return Stream.of(Arguments.of("LeastAllocated", 37, 50), Arguments.of("MostAllocated", 62, 50), Arguments.of("Balanced", 87, 100));
    }
}
