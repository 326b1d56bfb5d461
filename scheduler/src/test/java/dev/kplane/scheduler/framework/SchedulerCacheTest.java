package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class SchedulerCacheTest {

    static Pod on(String nodeName, Pod pod) {
        return pod.toBuilder().editSpec().withNodeName(nodeName).endSpec().build();
    }

    @Test
    void podsBoundBeforeTheirNodeIsSeenAreCountedWhenItArrives() {
        SchedulerCache cache = new SchedulerCache();
        cache.upsertPod(on("n1", pod("a", "cpu", "1")));
        cache.upsertNode(node("n1", "cpu", "4"));
        assertEquals(1000, cache.node("n1").requested().milliCpu());
        cache.removeNode("n1");
        cache.upsertNode(node("n1", "cpu", "4"));
        assertEquals(1, cache.node("n1").podCount());
    }

    @Test
    void updatesMoveAndRemovePodsAndFinishedPodsStopCounting() {
        SchedulerCache cache = new SchedulerCache();
        cache.upsertNode(node("n1", "cpu", "4"));
        cache.upsertNode(node("n2", "cpu", "4"));
        Pod a = on("n1", pod("a", "cpu", "1"));
        cache.upsertPod(a);
        cache.upsertPod(a);
        assertEquals(1, cache.node("n1").podCount());
        cache.upsertPod(on("n2", a));
        assertEquals(0, cache.node("n1").podCount());
        assertEquals(1000, cache.node("n2").requested().milliCpu());
        cache.upsertPod(on("n2", a).toBuilder().withNewStatus().withPhase("Succeeded").endStatus().build());
        assertEquals(0, cache.node("n2").podCount());
    }

    @Test
    void snapshotIsReusedUntilNodesChange() {
        SchedulerCache cache = new SchedulerCache();
        cache.upsertNode(node("n1", "cpu", "4"));
        Snapshot s = cache.snapshot();
        cache.upsertPod(on("n1", pod("a", "cpu", "1")));
        assertSame(s, cache.snapshot());
        cache.upsertNode(node("n2", "cpu", "4"));
        assertNotSame(s, cache.snapshot());
        assertEquals(2, cache.snapshot().size());
    }
}
