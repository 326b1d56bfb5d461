package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * component-helpers' {@code resource.PodRequests}: app containers and sidecars add up, a regular init
 * container runs alone beside the sidecars started before it, the pod needs the larger of the two, plus
 * its overhead. Amounts are summed as exact decimals and converted once.
 */
final class PodRequests {
    private PodRequests() {
    }

    static Map<String, Quantity> requests(Pod pod, boolean nonMissing) {
        Map<String, BigDecimal> reqs = new HashMap<>();
        for (Container c : Resource.list(pod.getSpec().getContainers())) {
            add(reqs, containerRequests(c, nonMissing));
        }
        Map<String, BigDecimal> sidecars = new HashMap<>();
        Map<String, BigDecimal> initMax = new HashMap<>();
        for (Container c : Resource.list(pod.getSpec().getInitContainers())) {
            Map<String, BigDecimal> step = containerRequests(c, nonMissing);
            if ("Always".equals(c.getRestartPolicy())) {
                add(reqs, step);
                add(sidecars, step);
                step = sidecars;
            } else {
                Map<String, BigDecimal> withSidecars = new HashMap<>(step);
                add(withSidecars, sidecars);
                step = withSidecars;
            }
            max(initMax, step);
        }
        max(reqs, initMax);
        if (pod.getSpec().getOverhead() != null) {
            add(reqs, decimals(pod.getSpec().getOverhead()));
        }
        Map<String, Quantity> out = new HashMap<>(reqs.size() * 2);
        reqs.forEach((k, v) -> out.put(k, new Quantity(v.toPlainString())));
        return out;
    }

    private static Map<String, BigDecimal> containerRequests(Container c, boolean nonMissing) {
        Map<String, BigDecimal> r = decimals(Resource.requestsOf(c));
        if (nonMissing) {
            r.putIfAbsent(Resource.CPU, BigDecimal.valueOf(Resource.DEFAULT_MILLI_CPU_REQUEST, 3));
            r.putIfAbsent(Resource.MEMORY, BigDecimal.valueOf(Resource.DEFAULT_MEMORY_REQUEST));
        }
        return r;
    }

    private static Map<String, BigDecimal> decimals(Map<String, Quantity> list) {
        Map<String, BigDecimal> r = new HashMap<>();
        list.forEach((k, v) -> r.put(k, Quantity.getAmountInBytes(v)));
        return r;
    }

    private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
        other.forEach((k, v) -> into.merge(k, v, BigDecimal::add));
    }

    private static void max(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
        other.forEach((k, v) -> into.merge(k, v, BigDecimal::max));
    }
}
