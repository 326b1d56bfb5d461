package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node and the pods assigned to it with their running totals ({@code framework.NodeInfo}). Mutable and
 * not thread-safe: the runtime keeps one per node, adds a pod when it binds and removes it when it leaves;
 * preemption works on a {@link #copy()}.
 */
public final class NodeInfo {
    private Node node;
    // read for every node in every cycle: kept here so the hot loop does not chase the fabric8 object graph
    private Resource allocatable;
    private Map<String, String> labels;
    private List<Taint> taints;
    private boolean unschedulable;
    private final List<PodInfo> pods;
    private final List<PodInfo> podsWithAffinity;
    private final List<PodInfo> podsWithRequiredAntiAffinity;
    private final List<HostPort> usedPorts;
    private final List<PodInfo> podsView;
    private final List<PodInfo> podsWithAffinityView;
    private final List<PodInfo> podsWithRequiredAntiAffinityView;
    private final List<HostPort> usedPortsView;
    private final Resource requested;
    private final Resource nonZeroRequested;

    public NodeInfo(Node node) {
        this(node, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new Resource(), new Resource());
    }

    private NodeInfo(Node node, List<PodInfo> pods, List<PodInfo> podsWithAffinity, List<PodInfo> podsWithRequiredAntiAffinity,
                     List<HostPort> usedPorts, Resource requested, Resource nonZeroRequested) {
        this.pods = pods;
        this.podsWithAffinity = podsWithAffinity;
        this.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity;
        this.usedPorts = usedPorts;
        this.requested = requested;
        this.nonZeroRequested = nonZeroRequested;
        this.podsView = java.util.Collections.unmodifiableList(pods);
        this.podsWithAffinityView = java.util.Collections.unmodifiableList(podsWithAffinity);
        this.podsWithRequiredAntiAffinityView = java.util.Collections.unmodifiableList(podsWithRequiredAntiAffinity);
        this.usedPortsView = java.util.Collections.unmodifiableList(usedPorts);
        setNode(node);
    }

    /** Replaces the node object (labels, taints, allocatable may have changed); the pods stay. */
    public void setNode(Node node) {
        this.node = node;
        this.allocatable = node.getStatus() == null ? new Resource() : Resource.of(node.getStatus().getAllocatable());
        Map<String, String> l = node.getMetadata().getLabels();
        this.labels = l == null ? Map.of() : l;
        this.taints = node.getSpec() == null ? List.of() : Resource.list(node.getSpec().getTaints());
        this.unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    public Node node() {
        return node;
    }

    public String name() {
        return node.getMetadata().getName();
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    /** spec.unschedulable (cordoned). */
    public boolean unschedulable() {
        return unschedulable;
    }

    /** The pods on the node (read-only view; change them through addPod/removePod). */
    public List<PodInfo> pods() {
        return podsView;
    }

    public int podCount() {
        return pods.size();
    }

    /** Pods with any pod affinity or anti-affinity, for InterPodAffinity. */
    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinityView;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinityView;
    }

    public Resource requested() {
        return requested;
    }

    public Resource nonZeroRequested() {
        return nonZeroRequested;
    }

    public Resource allocatable() {
        return allocatable;
    }

    public List<HostPort> usedPorts() {
        return usedPortsView;
    }

    public PodInfo addPod(Pod pod) {
        PodInfo info = new PodInfo(pod);
        addPodInfo(info);
        return info;
    }

    public void addPodInfo(PodInfo info) {
        pods.add(info);
        if (info.hasAffinity()) {
            podsWithAffinity.add(info);
        }
        if (info.hasRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity.add(info);
        }
        update(info, 1);
    }

    /**
     * Removes the pod with the same uid, or without a uid the same namespace/name; returns whether
     * one was there.
     */
    public boolean removePod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String key = PodInfo.key(pod);
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (uid != null && p.uid() != null ? uid.equals(p.uid()) : key.equals(p.key())) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    /** Removes this very PodInfo (identity), as preemption does with victims on a copy. */
    public boolean removePodInfo(PodInfo info) {
        for (int i = 0; i < pods.size(); i++) {
            if (pods.get(i) == info) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    private void removeAt(int i) {
        PodInfo p = pods.get(i);
        // swap-remove: order of pods on a node carries no meaning, as in kube's removeFromSlice
        int last = pods.size() - 1;
        pods.set(i, pods.get(last));
        pods.remove(last);
        if (p.hasAffinity()) {
            podsWithAffinity.remove(p);
        }
        if (p.hasRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity.remove(p);
        }
        update(p, -1);
    }

    private void update(PodInfo p, int sign) {
        requested.add(p.requests(), sign);
        nonZeroRequested.setMilliCpu(nonZeroRequested.milliCpu() + sign * p.nonZeroMilliCpu());
        nonZeroRequested.setMemory(nonZeroRequested.memory() + sign * p.nonZeroMemory());
        for (HostPort hp : p.hostPorts()) {
            if (sign > 0) {
                usedPorts.add(hp);
            } else {
                usedPorts.remove(hp);
            }
        }
    }

    /** A copy whose pod lists and totals can change without touching this one (PodInfos are shared, they are immutable). */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo(node, new ArrayList<>(pods), new ArrayList<>(podsWithAffinity),
                new ArrayList<>(podsWithRequiredAntiAffinity), new ArrayList<>(usedPorts), requested.copy(), nonZeroRequested.copy());
        return c;
    }

    @Override
    public String toString() {
        return "NodeInfo{" + name() + ", pods=" + pods + ", requested=" + requested + ", allocatable=" + allocatable + "}";
    }
}
