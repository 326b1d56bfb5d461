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
        int warmup = 1000;
        int measured = 2000;
        List<Pod> pods = new ArrayList<>(warmup + measured);
        for (int i = 0; i < warmup + measured; i++) {
            pods.add(pod("new-" + i, "cpu", "250m", "memory", "256Mi"));
        }
        // thread CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = 0;
        long cpuStart = 0;
        for (int i = 0; i < pods.size(); i++) {
            if (i == warmup) {
                start = System.nanoTime();
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            PodInfo p = new PodInfo(pods.get(i));
            var result = assertInstanceOf(ScheduleResult.Success.class, profile.schedule(p, snapshot));
            snapshot.get(result.suggestedHost()).addPodInfo(p);
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        System.out.printf("scheduler throughput: %d nodes, %d nodes evaluated per pod: %d ns/pod CPU (%.0f pods/s per core), "
                        + "%d ns/pod wall (%.0f pods/s)%n", NODES, Profile.numFeasibleNodesToFind(0, NODES),
                cpuNanos / measured, measured * 1e9 / cpuNanos, nanos / measured, measured * 1e9 / nanos);
    }
}
