package dev.kplane.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-pod data computed once in PreFilter/PreScore and read in the per-node Filter/Score calls
 * ({@code framework.CycleState}). Keys are typed per plugin. Not thread-safe; one per scheduling attempt.
 */
public final class CycleState {
    /** A typed key; plugins declare one as a constant. */
    public static final class Key<T> {
        private final String name;

        public Key(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** State that preemption's "what if this pod were removed" needs to keep in step. */
    public interface PodAware {
        void addPod(PodInfo podToSchedule, PodInfo added, NodeInfo node);

        void removePod(PodInfo podToSchedule, PodInfo removed, NodeInfo node);

        PodAware copy();
    }

    private final Map<Key<?>, Object> data = new HashMap<>();
    /** Plugins whose PreFilter / PreScore returned Skip: their Filter / Score is not run for this pod. */
    final java.util.Set<String> skipFilter = new java.util.HashSet<>();
    final java.util.Set<String> skipScore = new java.util.HashSet<>();

    public <T> void put(Key<T> key, T value) {
        data.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        return (T) data.get(key);
    }

    /** A copy in which pod-aware entries are themselves copied (for preemption's dry runs). */
    public CycleState copy() {
        CycleState c = new CycleState();
        data.forEach((k, v) -> c.data.put(k, v instanceof PodAware p ? p.copy() : v));
        c.skipFilter.addAll(skipFilter);
        c.skipScore.addAll(skipScore);
        return c;
    }

    /** Tells every pod-aware entry that a pod was added to or removed from the node (kube's AddPod/RemovePod extensions). */
    void notifyPod(PodInfo podToSchedule, PodInfo pod, NodeInfo node, boolean added) {
        for (Object v : data.values()) {
            if (v instanceof PodAware p) {
                if (added) {
                    p.addPod(podToSchedule, pod, node);
                } else {
                    p.removePod(podToSchedule, pod, node);
                }
            }
        }
    }
}
