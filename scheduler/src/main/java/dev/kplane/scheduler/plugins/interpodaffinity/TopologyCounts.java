package dev.kplane.scheduler.plugins.interpodaffinity;

import java.util.HashMap;
import java.util.Map;

/** Counts per topology pair (key, value): kube's topologyToMatchedTermCount, nested by key so look-ups do not allocate. */
final class TopologyCounts {
    private final Map<String, Map<String, long[]>> byKey = new HashMap<>();
    private int size;

    /** Adds value to the node's pair for this key; a node without the key is not counted; a pair at 0 is dropped. */
    void update(Map<String, String> nodeLabels, String topologyKey, long value) {
        String v = nodeLabels.get(topologyKey);
        if (v == null) {
            return;
        }
        Map<String, long[]> values = byKey.computeIfAbsent(topologyKey, k -> new HashMap<>());
        long[] c = values.get(v);
        if (c == null) {
            c = new long[1];
            values.put(v, c);
            size++;
        }
        c[0] += value;
        if (c[0] == 0) {
            values.remove(v);
            size--;
        }
    }

    long get(String key, String value) {
        Map<String, long[]> values = byKey.get(key);
        if (values == null) {
            return 0;
        }
        long[] c = values.get(value);
        return c == null ? 0 : c[0];
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Whether any of the node's labels is a pair with a positive count. */
    boolean anyPositive(Map<String, String> nodeLabels) {
        for (Map.Entry<String, Map<String, long[]>> e : byKey.entrySet()) {
            String v = nodeLabels.get(e.getKey());
            if (v != null) {
                long[] c = e.getValue().get(v);
                if (c != null && c[0] > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The sum over this node's labels of the counts of their pairs (scoring). */
    long sumFor(Map<String, String> nodeLabels) {
        long sum = 0;
        for (Map.Entry<String, Map<String, long[]>> e : byKey.entrySet()) {
            String v = nodeLabels.get(e.getKey());
            if (v != null) {
                long[] c = e.getValue().get(v);
                if (c != null) {
                    sum += c[0];
                }
            }
        }
        return sum;
    }

    TopologyCounts copy() {
        TopologyCounts c = new TopologyCounts();
        byKey.forEach((k, values) -> {
            Map<String, long[]> m = new HashMap<>();
            values.forEach((v, n) -> m.put(v, new long[] {n[0]}));
            c.byKey.put(k, m);
        });
        c.size = size;
        return c;
    }
}
