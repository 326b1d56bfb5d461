package dev.kplane.scheduler.testing;

import dev.kplane.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Test nodes and pods, in the spirit of kube's st.MakePod()/MakeNode() wrappers. */
public final class Fixtures {
    private Fixtures() {
    }

    public static NodeBuilder node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(resources("cpu", "4", "memory", "8Gi", "pods", "110")).endStatus();
    }

    /** A node with this allocatable (pairs of name, quantity); pods default to 110 unless given. */
    public static Node node(String name, String... allocatable) {
        Map<String, Quantity> alloc = resources(allocatable);
        alloc.putIfAbsent("pods", new Quantity("110"));
        return node(name).editStatus().withAllocatable(alloc).endStatus().build();
    }

    public static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString())
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("pause").endContainer().endSpec();
    }

    /** A pod with one container requesting these resources (pairs of name, quantity). */
    public static Pod pod(String name, String... requests) {
        return pod(name).editSpec().editFirstContainer().withNewResources().withRequests(resources(requests)).endResources()
                .endContainer().endSpec().build();
    }

    public static Map<String, Quantity> resources(String... pairs) {
        Map<String, Quantity> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], new Quantity(pairs[i + 1]));
        }
        return m;
    }

    public static NodeInfo nodeInfo(Node node, Pod... pods) {
        NodeInfo n = new NodeInfo(node);
        for (Pod p : pods) {
            n.addPod(p);
        }
        return n;
    }
}
