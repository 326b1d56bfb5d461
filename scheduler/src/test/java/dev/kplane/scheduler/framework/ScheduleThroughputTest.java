package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kplane.scheduler.testing.Fixtures.node;
import static dev.kplane.scheduler.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A plain microbenchmark (no timing assertion): the default profile schedules pods onto 5,000 nodes that
 * already run 10 pods each, binding each result as the runtime would, and prints the cost per pod.
 */
class ScheduleThroughputTest {
    private static final int NODES = 5000;

    @Test
    void printsNanosPerPodAt5000Nodes() {
        List<NodeInfo> nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            String name = "node-" + i;
            NodeInfo n = new NodeInfo(node(name).editMetadata().addToLabels("topology.kubernetes.io/zone", "zone-" + (i % 3))
                    .endMetadata().editStatus().withAllocatable(dev.kplane.scheduler.testing.Fixtures.resources(
                            "cpu", "32", "memory", "128Gi", "pods", "110")).endStatus().build());
            for (int j = 0; j < 10; j++) {
                n.addPod(pod("existing-" + i + "-" + j, "cpu", "100m", "memory", "128Mi"));
            }
            nodes.add(n);
        }
        Snapshot snapshot = Snapshot.of(nodes);
        Profile profile = Profile.defaults("default-scheduler");
        int warmup = 2000;
        int measured = 5000;
        List<Pod> pods = new ArrayList<>(warmup + measured);
        for (int i = 0; i < warmup + measured; i++) {
            pods.add(pod("new-" + i, "cpu", "250m", "memory", "256Mi"));
        }
        long start = 0;
        for (int i = 0; i < pods.size(); i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            PodInfo p = new PodInfo(pods.get(i));
            var result = assertInstanceOf(ScheduleResult.Success.class, profile.schedule(p, snapshot));
            snapshot.get(result.suggestedHost()).addPodInfo(p);
        }
        long nanos = System.nanoTime() - start;
        System.out.printf("scheduler throughput: %d nodes, %d ns/pod (%.0f pods/s), %d nodes evaluated per pod%n",
                NODES, nanos / measured, measured * 1e9 / nanos, Profile.numFeasibleNodesToFind(0, NODES));
    }
}
