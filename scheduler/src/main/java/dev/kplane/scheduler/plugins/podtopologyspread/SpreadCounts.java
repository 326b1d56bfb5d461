package dev.kplane.scheduler.plugins.podtopologyspread;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.RequiredNodeAffinity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PodTopologySpread's PreFilter state: for each hard constraint, the matching pods per topology value, and
 * the two smallest counts (kube's criticalPaths) so the global minimum is O(1) in Filter. Kept in step
 * when preemption removes or re-adds pods.
 */
final class SpreadCounts implements CycleState.PodAware {
    final List<Constraint> constraints;
    final Map<String, int[]>[] counts;
    final CriticalPaths[] criticalPaths;
    private final RequiredNodeAffinity required;

    @SuppressWarnings("unchecked")
    SpreadCounts(List<Constraint> constraints, RequiredNodeAffinity required) {
        this.constraints = constraints;
        this.required = required;
        this.counts = new Map[constraints.size()];
        this.criticalPaths = new CriticalPaths[constraints.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new HashMap<>();
            criticalPaths[i] = new CriticalPaths();
        }
    }

    /** The global minimum of constraint i; 0 when fewer domains than minDomains exist. */
    int minMatchNum(int i) {
        int min = criticalPaths[i].minCount();
        return counts[i].size() < constraints.get(i).minDomains() ? 0 : min;
    }

    int count(int i, String topologyValue) {
        int[] c = counts[i].get(topologyValue);
        return c == null ? 0 : c[0];
    }

    void computeCriticalPaths() {
        for (int i = 0; i < counts.length; i++) {
            for (Map.Entry<String, int[]> e : counts[i].entrySet()) {
                criticalPaths[i].update(e.getKey(), e.getValue()[0]);
            }
        }
    }

    @Override
    public void addPod(PodInfo podToSchedule, PodInfo added, NodeInfo node) {
        update(podToSchedule, added, node, 1);
    }

    @Override
    public void removePod(PodInfo podToSchedule, PodInfo removed, NodeInfo node) {
        update(podToSchedule, removed, node, -1);
    }

    /** updateWithPod. */
    private void update(PodInfo preemptor, PodInfo pod, NodeInfo node, int delta) {
        if (!pod.namespace().equals(preemptor.namespace()) || !Constraint.nodeHasAllKeys(node.labels(), constraints)) {
            return;
        }
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            if (!c.selector().matches(pod.labels()) || !c.includesNode(preemptor.pod(), node, required)) {
                continue;
            }
            String v = node.labels().get(c.topologyKey());
            int[] n = counts[i].computeIfAbsent(v, k -> new int[1]);
            n[0] += delta;
            criticalPaths[i].update(v, n[0]);
        }
    }

    @Override
    public SpreadCounts copy() {
        SpreadCounts c = new SpreadCounts(constraints, required);
        for (int i = 0; i < counts.length; i++) {
            for (Map.Entry<String, int[]> e : counts[i].entrySet()) {
                c.counts[i].put(e.getKey(), new int[] {e.getValue()[0]});
            }
            c.criticalPaths[i] = criticalPaths[i].copy();
        }
        return c;
    }

    /** The two smallest (value, count) pairs, updated as kube's criticalPaths.update does. */
    static final class CriticalPaths {
        private final String[] values = new String[2];
        private final int[] nums = {Integer.MAX_VALUE, Integer.MAX_VALUE};

        int minCount() {
            return nums[0];
        }

        void update(String value, int num) {
            int i = value.equals(values[0]) ? 0 : value.equals(values[1]) ? 1 : -1;
            if (i >= 0) {
                nums[i] = num;
                if (nums[0] > nums[1]) {
                    swap();
                }
            } else if (num < nums[0]) {
                values[1] = values[0];
                nums[1] = nums[0];
                values[0] = value;
                nums[0] = num;
            } else if (num < nums[1]) {
                values[1] = value;
                nums[1] = num;
            }
        }

        private void swap() {
            String v = values[0];
            values[0] = values[1];
            values[1] = v;
            int n = nums[0];
            nums[0] = nums[1];
            nums[1] = n;
        }

        CriticalPaths copy() {
            CriticalPaths c = new CriticalPaths();
            System.arraycopy(values, 0, c.values, 0, 2);
            System.arraycopy(nums, 0, c.nums, 0, 2);
            return c;
        }
    }
}
