package dev.kplane.scheduler.plugins;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import dev.kplane.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cases after interpodaffinity/filtering_test.go and scoring_test.go. */
class InterPodAffinityTest {

    static PodAffinityTerm term(String key, String value, String topologyKey) {
        return new PodAffinityTermBuilder().withLabelSelector(new LabelSelectorBuilder().addToMatchLabels(key, value).build())
                .withTopologyKey(topologyKey).build();
    }

    static Pod labeled(String name, String key, String value) {
        return pod(name).editMetadata().addToLabels(key, value).endMetadata().build();
    }

    static NodeInfo zoned(String name, String zone, Pod... pods) {
        NodeInfo n = new NodeInfo(node(name).editMetadata().addToLabels("zone", zone).endMetadata().build());
        for (Pod p : pods) {
            n.addPod(p);
        }
        return n;
    }

    static List<String> filter(Pod pod, List<NodeInfo> nodes) {
        InterPodAffinity plugin = new InterPodAffinity();
        PodInfo p = new PodInfo(pod);
        CycleState state = new CycleState();
        var pre = plugin.preFilter(state, p, Snapshot.of(nodes));
        if (pre.status().isSkip()) {
            return nodes.stream().map(n -> "").toList();
        }
        return nodes.stream().map(n -> {
            Status s = plugin.filter(state, p, n);
            return s.isSuccess() ? "" : s.code() + ": " + s.message();
        }).toList();
    }

    @Test
    void incomingAntiAffinityRejectsNodesWithMatchingPods() {
        Pod pod = pod("p").editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("app", "web", "kubernetes.io/hostname"))
                .endPodAntiAffinity().endAffinity().endSpec().build();
        var nodes = List.of(zoned("n1", "z1", labeled("web", "app", "web")), zoned("n2", "z1"));
        assertEquals(List.of("UNSCHEDULABLE: " + InterPodAffinity.ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, ""), filter(pod, nodes));
    }

    @Test
    void existingPodsAntiAffinityRejectsTheirWholeDomain() {
        Pod existing = labeled("e", "app", "x").toBuilder().editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("security", "S1", "zone"))
                .endPodAntiAffinity().endAffinity().endSpec().build();
        var nodes = List.of(zoned("n1", "z1", existing), zoned("n2", "z1"), zoned("n3", "z2"));
        String reason = "UNSCHEDULABLE: " + InterPodAffinity.ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH;
        assertEquals(List.of(reason, reason, ""), filter(labeled("p", "security", "S1"), nodes));
        assertEquals(List.of("", "", ""), filter(labeled("p", "security", "S2"), nodes));
    }

    @Test
    void requiredAffinityNeedsAMatchingPodInTheDomainExceptForTheFirstOfAGroup() {
        Pod pod = labeled("p", "app", "db").toBuilder().editSpec().withNewAffinity().withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("app", "db", "zone"))
                .endPodAffinity().endAffinity().endSpec().build();
        var withDb = List.of(zoned("n1", "z1", labeled("db", "app", "db")), zoned("n2", "z1"), zoned("n3", "z2"));
        String reason = "UNSCHEDULABLE_AND_UNRESOLVABLE: " + InterPodAffinity.ERR_REASON_AFFINITY_RULES_NOT_MATCH;
        assertEquals(List.of("", "", reason), filter(pod, withDb));
        assertEquals(List.of("", ""), filter(pod, List.of(zoned("n1", "z1"), zoned("n2", "z2"))));
    }

    @Test
    void preferredAffinityScoresTheDomainOfMatchingPods() {
        Pod pod = pod("p").editSpec().withNewAffinity().withNewPodAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(5).withPodAffinityTerm(term("app", "db", "zone")).endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity().endAffinity().endSpec().build();
        var nodes = List.of(zoned("n1", "z1", labeled("db", "app", "db")), zoned("n2", "z1"), zoned("n3", "z2"));
        InterPodAffinity plugin = new InterPodAffinity();
        PodInfo p = new PodInfo(pod);
        CycleState state = new CycleState();
        assertEquals(Status.Code.SUCCESS, plugin.preScore(state, p, nodes, Snapshot.of(nodes)).code());
        long[] scores = nodes.stream().mapToLong(n -> plugin.score(state, p, n)).toArray();
        plugin.normalize(state, p, nodes, scores);
        assertEquals(List.of(100L, 100L, 0L), List.of(scores[0], scores[1], scores[2]));
    }
}
