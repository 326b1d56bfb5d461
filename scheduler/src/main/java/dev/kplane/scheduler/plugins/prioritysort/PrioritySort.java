package dev.kplane.scheduler.plugins.prioritysort;

import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;

/**
 * Higher priority first, then the pod that has waited longer. kube compares the time the pod entered
 * the queue; a pure core has no queue, so the pod's creationTimestamp (RFC 3339, sortable as text) stands in.
 */
public final class PrioritySort implements Plugin.QueueSort {
    public static final String NAME = "PrioritySort";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int compare(PodInfo a, PodInfo b) {
        if (a.priority() != b.priority()) {
            return Integer.compare(b.priority(), a.priority());
        }
        return timestamp(a).compareTo(timestamp(b));
    }

    private static String timestamp(PodInfo p) {
        String t = p.pod().getMetadata().getCreationTimestamp();
        return t == null ? "" : t;
    }
}
