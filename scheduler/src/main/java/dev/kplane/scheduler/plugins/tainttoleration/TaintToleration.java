package dev.kplane.scheduler.plugins.tainttoleration;

import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.Scores;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import dev.kplane.scheduler.framework.Tolerations;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.ArrayList;
import java.util.List;

/**
 * NoSchedule and NoExecute taints the pod does not tolerate keep it off a node; untolerated
 * PreferNoSchedule taints lower the node's score (fewer is better).
 */
public final class TaintToleration implements Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "TaintToleration";
    private static final CycleState.Key<List<Toleration>> PREFER_NO_SCHEDULE = new CycleState.Key<>("PreScore" + NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Taint taint = findUntoleratedTaint(node.taints(), pod.pod().getSpec().getTolerations());
        if (taint == null) {
            return Status.SUCCESS;
        }
        return Status.unresolvable("node(s) had untolerated taint {" + taint.getKey() + ": " + nullToEmpty(taint.getValue()) + "}");
    }

    /** FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first NoSchedule/NoExecute taint not tolerated. */
    public static Taint findUntoleratedTaint(List<Taint> taints, List<Toleration> tolerations) {
        for (int i = 0, n = taints.size(); i < n; i++) {
            Taint t = taints.get(i);
            String effect = t.getEffect();
            if (("NoSchedule".equals(effect) || "NoExecute".equals(effect)) && !Tolerations.tolerates(tolerations, t)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        List<Toleration> prefer = new ArrayList<>();
        List<Toleration> all = pod.pod().getSpec().getTolerations();
        if (all != null) {
            for (Toleration t : all) {
                if (t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect())) {
                    prefer.add(t);
                }
            }
        }
        state.put(PREFER_NO_SCHEDULE, prefer);
        return Status.SUCCESS;
    }

    /** The number of PreferNoSchedule taints the pod does not tolerate. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Toleration> prefer = state.get(PREFER_NO_SCHEDULE);
        long count = 0;
        for (Taint t : node.taints()) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !Tolerations.tolerates(prefer, t)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.defaultNormalize(MAX_NODE_SCORE, true, scores);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
