package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection of compute resources as integers, kube-scheduler's {@code framework.Resource}: cpu in
 * millicores, memory and ephemeral storage in bytes, a pod count, and the scalar (extended, hugepages,
 * attachable-volumes) resources by name. Mutable so node totals can be updated in place.
 */
public final class Resource {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    /** Requests assumed for a container that states none, so zero-request pods still spread (util.DefaultMilliCPURequest). */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** util.DefaultMemoryRequest: 200 MB. */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private long milliCpu;
    private long memory;
    private long ephemeralStorage;
    private int allowedPodNumber;
    private Map<String, Long> scalarResources = Map.of();

    public Resource() {
    }

    public Resource(long milliCpu, long memory, long ephemeralStorage, int allowedPodNumber) {
        this.milliCpu = milliCpu;
        this.memory = memory;
        this.ephemeralStorage = ephemeralStorage;
        this.allowedPodNumber = allowedPodNumber;
    }

    /** {@code framework.NewResource(ResourceList)}. */
    public static Resource of(Map<String, Quantity> list) {
        Resource r = new Resource();
        r.add(list);
        return r;
    }

    /**
     * The pod's effective requests as {@code resource.PodRequests} computes them: the sum of the app
     * containers (and sidecars), or the largest init container step if that is bigger, plus overhead.
     */
    public static Resource podRequests(Pod pod) {
        return PodRequests.requests(pod, false);
    }

    /** Like {@link #podRequests} but a container without a cpu or memory request counts the defaults (non-zero requests). */
    public static Resource podNonZeroRequests(Pod pod) {
        return PodRequests.requests(pod, true);
    }

    public long milliCpu() {
        return milliCpu;
    }

    public long memory() {
        return memory;
    }

    public long ephemeralStorage() {
        return ephemeralStorage;
    }

    public int allowedPodNumber() {
        return allowedPodNumber;
    }

    /** Scalar resources by name; never null, read-only view. */
    public Map<String, Long> scalarResources() {
        return scalarResources;
    }

    public long scalar(String name) {
        Long v = scalarResources.get(name);
        return v == null ? 0 : v;
    }

    /** The amount of any resource by its name (cpu in millicores). */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> allowedPodNumber;
            default -> scalar(name);
        };
    }

    public void add(Map<String, Quantity> list) {
        if (list == null) {
            return;
        }
        for (Map.Entry<String, Quantity> e : list.entrySet()) {
            addMilliUnits(e.getKey(), Quantities.milliUnits(e.getValue()));
        }
    }

    /** Adds an amount given in thousandths of its unit: cpu keeps millicores, the rest round up to whole units. */
    void addMilliUnits(String name, long milli) {
        switch (name) {
            case CPU -> milliCpu += milli;
            case MEMORY -> memory += Quantities.ceilDiv(milli, 1000L);
            case PODS -> allowedPodNumber += (int) Quantities.ceilDiv(milli, 1000L);
            case EPHEMERAL_STORAGE -> ephemeralStorage += Quantities.ceilDiv(milli, 1000L);
            default -> {
                if (isScalarResourceName(name)) {
                    addScalar(name, Quantities.ceilDiv(milli, 1000L));
                }
            }
        }
    }

    /** Adds (sign 1) or subtracts (sign -1) another resource. */
    public void add(Resource other, int sign) {
        milliCpu += sign * other.milliCpu;
        memory += sign * other.memory;
        ephemeralStorage += sign * other.ephemeralStorage;
        allowedPodNumber += sign * other.allowedPodNumber;
        for (Map.Entry<String, Long> e : other.scalarResources.entrySet()) {
            addScalar(e.getKey(), sign * e.getValue());
        }
    }

    public void addScalar(String name, long quantity) {
        setScalar(name, scalar(name) + quantity);
    }

    public void setScalar(String name, long quantity) {
        if (scalarResources.isEmpty()) {
            scalarResources = new HashMap<>();
        }
        scalarResources.put(name, quantity);
    }

    public void setMilliCpu(long milliCpu) {
        this.milliCpu = milliCpu;
    }

    public void setMemory(long memory) {
        this.memory = memory;
    }

    public Resource copy() {
        Resource r = new Resource(milliCpu, memory, ephemeralStorage, allowedPodNumber);
        if (!scalarResources.isEmpty()) {
            r.scalarResources = new HashMap<>(scalarResources);
        }
        return r;
    }

    /**
     * {@code schedutil.IsScalarResourceName}: extended resources (domain-prefixed outside kubernetes.io),
     * kubernetes.io-prefixed native resources, hugepages and attachable volumes.
     */
    public static boolean isScalarResourceName(String name) {
        if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) {
            return true;
        }
        return name.indexOf('/') >= 0 && !name.startsWith("requests.");
    }

    /** {@code IsExtendedResourceName}: domain-prefixed and not in the kubernetes.io namespace. */
    public static boolean isExtendedResourceName(String name) {
        return name.indexOf('/') >= 0 && !name.contains("kubernetes.io/") && !name.startsWith("requests.");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resource r && r.milliCpu == milliCpu && r.memory == memory
                && r.ephemeralStorage == ephemeralStorage && r.allowedPodNumber == allowedPodNumber
                && r.scalarResources.equals(scalarResources);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(milliCpu * 31 + memory);
    }

    @Override
    public String toString() {
        return "Resource{milliCpu=" + milliCpu + ", memory=" + memory + ", ephemeralStorage=" + ephemeralStorage
                + ", pods=" + allowedPodNumber + (scalarResources.isEmpty() ? "" : ", scalar=" + scalarResources) + "}";
    }

    /** Never null list helper for fabric8 getters. */
    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    static Map<String, Quantity> requestsOf(Container c) {
        return c.getResources() == null || c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
    }
}
