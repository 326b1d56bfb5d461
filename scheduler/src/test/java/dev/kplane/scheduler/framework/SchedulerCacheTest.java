package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class SchedulerCacheTest {

    static Pod on(String nodeName, Pod pod) {
        return pod.toBuilder().editSpec().withNodeName(nodeName).endSpec().build();
    }

    static PodInfo placed(String nodeName, Pod pod) {
        return new PodInfo(on(nodeName, pod));
    }

    @Test
    void podsBoundBeforeTheirNodeIsSeenAreCountedWhenItArrives() {
        SchedulerCache cache = new SchedulerCache();
        cache.addPod(placed("n1", pod("a", "cpu", "1")));
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
        cache.addPod(new PodInfo(a));
        cache.addPod(new PodInfo(a));
        assertEquals(1, cache.node("n1").podCount());
        cache.addPod(placed("n2", a));
        assertEquals(0, cache.node("n1").podCount());
        assertEquals(1000, cache.node("n2").requested().milliCpu());
        cache.addPod(new PodInfo(on("n2", a).toBuilder().withNewStatus().withPhase("Succeeded").endStatus().build()));
        assertEquals(0, cache.node("n2").podCount());
    }

    @Test
    void snapshotIsReusedUntilNodesChange() {
        SchedulerCache cache = new SchedulerCache();
        cache.upsertNode(node("n1", "cpu", "4"));
        Snapshot s = cache.snapshot();
        cache.addPod(placed("n1", pod("a", "cpu", "1")));
        assertSame(s, cache.snapshot());
        cache.upsertNode(node("n2", "cpu", "4"));
        assertNotSame(s, cache.snapshot());
        assertEquals(2, cache.snapshot().size());
    }

    @Test
    void assumedPodsCountUntilForgottenAndHeartbeatsKeepTheSnapshot() {
        SchedulerCache cache = new SchedulerCache();
        cache.upsertNode(node("n1", "cpu", "4"));
        Snapshot s = cache.snapshot();
        PodInfo a = new PodInfo(pod("a", "cpu", "1"));
        cache.assumePod(a, "n1");
        assertTrue(cache.isAssumed(a.key()));
        assertEquals(1000, cache.node("n1").requested().milliCpu());
        assertFalse(cache.upsertNode(node("n1", "cpu", "8")));
        assertSame(s, cache.snapshot());
        cache.addPod(placed("n1", a.pod()));
        assertFalse(cache.isAssumed(a.key()));
        assertEquals(1, cache.node("n1").podCount());
        assertEquals("n1", cache.forgetPod(a.key()));
        assertEquals(0, cache.node("n1").podCount());
        assertNull(cache.forgetPod(a.key()));
    }

    @Test
    void nominatedPodsReachTheSnapshotUntilUnnominated() {
        SchedulerCache cache = new SchedulerCache();
        cache.upsertNode(node("n1", "cpu", "4"));
        PodInfo high = new PodInfo(pod("high", "cpu", "3"));
        cache.nominate(high, "n1");
        assertEquals(List.of(high), cache.snapshot().nominatedPods("n1"));
        cache.nominate(high, "");
        assertEquals(List.of(), cache.snapshot().nominatedPods("n1"));
        cache.nominate(high, "n1");
        assertTrue(cache.unnominate(high.key()));
        assertFalse(cache.unnominate(high.key()));
        assertEquals(List.of(), cache.snapshot().nominatedPods("n1"));
    }
}
