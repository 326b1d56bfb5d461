package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.HashMap;
import java.util.Map;

/**
 * component-helpers' {@code resource.PodRequests}: app containers and sidecars add up, a regular init
 * container runs alone beside the sidecars started before it, the pod needs the larger of the two, plus
 * its overhead. Amounts are summed in thousandths of their unit and rounded up once, into a Resource.
 */
final class PodRequests {
    private PodRequests() {
    }

    static Resource requests(Pod pod, boolean nonMissing) {
        Map<String, Long> reqs = new HashMap<>();
        for (Container c : Resource.list(pod.getSpec().getContainers())) {
            add(reqs, containerRequests(c, nonMissing));
        }
        Map<String, Long> sidecars = new HashMap<>();
        Map<String, Long> initMax = new HashMap<>();
        for (Container c : Resource.list(pod.getSpec().getInitContainers())) {
            Map<String, Long> step = containerRequests(c, nonMissing);
            if ("Always".equals(c.getRestartPolicy())) {
                add(reqs, step);
                add(sidecars, step);
                step = sidecars;
            } else {
                add(step, sidecars);
            }
            max(initMax, step);
        }
        max(reqs, initMax);
        if (pod.getSpec().getOverhead() != null) {
            add(reqs, milliUnits(pod.getSpec().getOverhead()));
        }
        Resource r = new Resource();
        reqs.forEach((name, milli) -> r.addMilliUnits(name, milli));
        return r;
    }

    private static Map<String, Long> containerRequests(Container c, boolean nonMissing) {
        Map<String, Long> r = milliUnits(Resource.requestsOf(c));
        if (nonMissing) {
            r.putIfAbsent(Resource.CPU, Resource.DEFAULT_MILLI_CPU_REQUEST);
            r.putIfAbsent(Resource.MEMORY, Resource.DEFAULT_MEMORY_REQUEST * 1000);
        }
        return r;
    }

    private static Map<String, Long> milliUnits(Map<String, Quantity> list) {
        Map<String, Long> r = new HashMap<>();
        list.forEach((k, v) -> r.put(k, Quantities.milliUnits(v)));
        return r;
    }

    private static void add(Map<String, Long> into, Map<String, Long> other) {
        other.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    private static void max(Map<String, Long> into, Map<String, Long> other) {
        other.forEach((k, v) -> into.merge(k, v, Math::max));
    }
}
