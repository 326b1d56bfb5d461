package dev.kplane.scheduler.plugins;

import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PreemptionResult;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.framework.ScheduleResult;
import dev.kplane.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.nodeInfo;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Cases after defaultpreemption/default_preemption_test.go (SelectCandidate, dry run) and the FitError wording. */
class DefaultPreemptionTest {

    static Pod prio(String name, int priority, String cpu, String startTime) {
        return pod(name, "cpu", cpu).toBuilder().editMetadata().addToLabels("app", name).endMetadata()
                .editSpec().withPriority(priority).endSpec().withNewStatus().withStartTime(startTime).endStatus().build();
    }

    static PreemptionResult preempt(Pod pod, List<NodeInfo> nodes, List<PodDisruptionBudget> pdbs) {
        Profile profile = Profile.defaults("default-scheduler");
        Snapshot s = Snapshot.of(nodes);
        var fit = assertInstanceOf(ScheduleResult.FitError.class, profile.schedule(pod, s));
        return profile.preempt(pod, s, fit, pdbs);
    }

    @Test
    void evictsOnlyTheLowerPriorityPodsNeededReprievingTheMoreImportantFirst() {
        NodeInfo n = nodeInfo(node("n1", "cpu", "2"), prio("low", 1, "1", "2026-01-01T00:00:00Z"), prio("mid", 5, "1", "2026-01-01T00:00:00Z"));
        PreemptionResult r = preempt(prio("p", 10, "1", null), List.of(n), List.of());
        assertEquals("n1", r.nominatedNodeName());
        assertEquals(List.of("low"), r.victims().stream().map(v -> v.getMetadata().getName()).toList());
    }

    @Test
    void picksTheNodeWhoseHighestVictimHasTheLowestPriority() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "cpu", "1"), prio("a", 5, "1", "2026-01-01T00:00:00Z")),
                nodeInfo(node("n2", "cpu", "1"), prio("b", 1, "1", "2026-01-01T00:00:00Z")));
        assertEquals("n2", preempt(prio("p", 10, "1", null), nodes, List.of()).nominatedNodeName());
    }

    @Test
    void prefersNodesWithoutPdbViolations() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "cpu", "1"), prio("a", 1, "1", "2026-01-01T00:00:00Z")),
                nodeInfo(node("n2", "cpu", "1"), prio("b", 5, "1", "2026-01-01T00:00:00Z")));
        PodDisruptionBudget protectA = new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "a")).endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(0).endStatus().build();
        assertEquals("n2", preempt(prio("p", 10, "1", null), nodes, List.of(protectA)).nominatedNodeName());
    }

    @Test
    void failureMessagesAreWordedAsKubeScheduler() {
        Pod pod = prio("p", 10, "1", null).toBuilder().editSpec().withNodeSelector(Map.of("zone", "none")).endSpec().build();
        List<NodeInfo> nodes = List.of(nodeInfo(node("a").build()), nodeInfo(node("b").build()), nodeInfo(node("c").build()));
        Profile profile = Profile.defaults("default-scheduler");
        Snapshot s = Snapshot.of(nodes);
        var fit = assertInstanceOf(ScheduleResult.FitError.class, profile.schedule(pod, s));
        PreemptionResult r = profile.preempt(pod, s, fit);
        assertFalse(r.preempts());
        assertEquals("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.", fit.withPostFilterMessage(r.message()).message());
    }

    @Test
    void nodesWithoutLowerPriorityPodsHaveNoVictims() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "cpu", "1"), prio("a", 10, "1", "2026-01-01T00:00:00Z")));
        assertEquals("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
                preempt(prio("p", 10, "1", null), nodes, List.of()).message());
    }

    @Test
    void preemptionPolicyNeverIsNotEligible() {
        Pod pod = prio("p", 10, "1", null).toBuilder().editSpec().withPreemptionPolicy("Never").endSpec().build();
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "cpu", "1"), prio("a", 1, "1", "2026-01-01T00:00:00Z")));
        assertEquals("preemption: not eligible due to preemptionPolicy=Never.", preempt(pod, nodes, List.of()).message());
    }

    @Test
    void removingAVictimUpdatesInterPodAffinityStateDuringTheDryRun() {
        NodeInfo n = nodeInfo(node("n1", "cpu", "2"), prio("web", 1, "100m", "2026-01-01T00:00:00Z"), prio("other", 1, "100m", "2026-01-01T00:00:00Z"));
        Pod pod = prio("p", 10, "100m", null).toBuilder().editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector()
                .withTopologyKey("kubernetes.io/hostname").endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity().endSpec().build();
        Profile profile = Profile.defaults("default-scheduler");
        Snapshot s = Snapshot.of(List.of(n));
        var fit = assertInstanceOf(ScheduleResult.FitError.class, profile.schedule(pod, s));
        assertEquals("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.", fit.message());
        PreemptionResult r = profile.preempt(pod, s, fit);
        assertEquals("n1", r.nominatedNodeName());
        assertEquals(List.of("web"), r.victims().stream().map(v -> v.getMetadata().getName()).toList());
        assertEquals(2, n.podCount(), "the dry run works on copies");
    }
}
