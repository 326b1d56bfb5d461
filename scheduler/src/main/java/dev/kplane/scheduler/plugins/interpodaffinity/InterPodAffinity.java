package dev.kplane.scheduler.plugins.interpodaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.AffinityTerm;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.PreFilterResult;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;

import java.util.List;
import java.util.Map;

/**
 * Required pod affinity / anti-affinity (the incoming pod's, and existing pods' anti-affinity against
 * it) filter nodes by topology domain; preferred terms of both sides, and existing pods' required affinity
 * (hardPodAffinityWeight), score them.
 */
public final class InterPodAffinity implements Plugin.PreFilter, Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "InterPodAffinity";
    public static final String ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
    public static final String ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
    public static final String ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
    private static final Status AFFINITY_NOT_MATCH = Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
    private static final Status ANTI_AFFINITY_NOT_MATCH = Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
    private static final Status EXISTING_ANTI_AFFINITY_NOT_MATCH =
            Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
    private static final CycleState.Key<AffinityCounts> PRE_FILTER = new CycleState.Key<>("PreFilter" + NAME);
    private static final CycleState.Key<TopologyCounts> PRE_SCORE = new CycleState.Key<>("PreScore" + NAME);

    private final int hardPodAffinityWeight;
    private final boolean ignorePreferredTermsOfExistingPods;

    public InterPodAffinity() {
        this(1, false);
    }

    public InterPodAffinity(int hardPodAffinityWeight, boolean ignorePreferredTermsOfExistingPods) {
        if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
            throw new IllegalArgumentException("hardPodAffinityWeight: Invalid value: " + hardPodAffinityWeight + ": not in valid range [0-100]");
        }
        this.hardPodAffinityWeight = hardPodAffinityWeight;
        this.ignorePreferredTermsOfExistingPods = ignorePreferredTermsOfExistingPods;
    }

    /** InterPodAffinityArgs: hardPodAffinityWeight (default 1), ignorePreferredTermsOfExistingPods. */
    public static InterPodAffinity fromArgs(JsonNode args) {
        if (args == null) {
            return new InterPodAffinity();
        }
        return new InterPodAffinity(args.path("hardPodAffinityWeight").asInt(1), args.path("ignorePreferredTermsOfExistingPods").asBoolean(false));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        AffinityCounts s = new AffinityCounts(pod, snapshot);
        for (NodeInfo node : snapshot.havePodsWithRequiredAntiAffinity()) {
            for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
                s.countExistingAntiAffinity(existing, node, 1);
            }
        }
        if (!pod.requiredAffinityTerms().isEmpty() || !pod.requiredAntiAffinityTerms().isEmpty()) {
            for (NodeInfo node : snapshot.nodes()) {
                List<PodInfo> pods = node.pods();
                for (int i = 0, n = pods.size(); i < n; i++) {
                    s.countIncoming(pods.get(i), node, 1);
                }
            }
        }
        if (s.existingAntiAffinity.isEmpty() && pod.requiredAffinityTerms().isEmpty() && pod.requiredAntiAffinityTerms().isEmpty()) {
            return PreFilterResult.SKIP;
        }
        state.put(PRE_FILTER, s);
        return PreFilterResult.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        AffinityCounts s = state.get(PRE_FILTER);
        if (s == null) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        if (!satisfiesPodAffinity(s, labels)) {
            return AFFINITY_NOT_MATCH;
        }
        if (!s.antiAffinity.isEmpty()) {
            for (AffinityTerm t : pod.requiredAntiAffinityTerms()) {
                String v = labels.get(t.topologyKey());
                if (v != null && s.antiAffinity.get(t.topologyKey(), v) > 0) {
                    return ANTI_AFFINITY_NOT_MATCH;
                }
            }
        }
        if (!s.existingAntiAffinity.isEmpty() && s.existingAntiAffinity.anyPositive(labels)) {
            return EXISTING_ANTI_AFFINITY_NOT_MATCH;
        }
        return Status.SUCCESS;
    }

    /**
     * satisfyPodAffinity: every term's domain on this node holds a matching pod; or, for the first pod of a
     * group that selects itself, no pod matches anywhere yet and the node has all the topology keys.
     */
    private static boolean satisfiesPodAffinity(AffinityCounts s, Map<String, String> labels) {
        List<AffinityTerm> terms = s.pod.requiredAffinityTerms();
        boolean podsExist = true;
        for (AffinityTerm t : terms) {
            String v = labels.get(t.topologyKey());
            if (v == null) {
                return false;
            }
            if (s.affinity.get(t.topologyKey(), v) <= 0) {
                podsExist = false;
            }
        }
        return podsExist || (s.affinity.isEmpty() && AffinityCounts.matchesAll(terms, s.pod, s.snapshot));
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        if (feasibleNodes.isEmpty()) {
            return Status.SUCCESS;
        }
        boolean hasConstraints = !pod.preferredAffinityTerms().isEmpty() || !pod.preferredAntiAffinityTerms().isEmpty();
        if (ignorePreferredTermsOfExistingPods && !hasConstraints) {
            return Status.SKIP;
        }
        TopologyCounts scores = new TopologyCounts();
        boolean any = false;
        // without preferred terms of its own, only pods with affinity can score for the incoming pod
        for (NodeInfo node : hasConstraints ? snapshot.nodes() : snapshot.havePodsWithAffinity()) {
            if (node.labels().isEmpty()) {
                continue;
            }
            List<PodInfo> pods = hasConstraints ? node.pods() : node.podsWithAffinity();
            for (int i = 0, n = pods.size(); i < n; i++) {
                any |= processExistingPod(pod, pods.get(i), node, snapshot, scores);
            }
        }
        if (!any) {
            return Status.SKIP;
        }
        state.put(PRE_SCORE, scores);
        return Status.SUCCESS;
    }

    /** processExistingPod: both sides' preferred terms, and the existing pod's required affinity at hardPodAffinityWeight. */
    private boolean processExistingPod(PodInfo pod, PodInfo existing, NodeInfo node, Snapshot snapshot, TopologyCounts scores) {
        boolean touched = false;
        for (AffinityTerm.Weighted w : pod.preferredAffinityTerms()) {
            touched |= processTerm(w.term(), w.weight(), existing, node, snapshot, scores);
        }
        for (AffinityTerm.Weighted w : pod.preferredAntiAffinityTerms()) {
            touched |= processTerm(w.term(), -w.weight(), existing, node, snapshot, scores);
        }
        if (hardPodAffinityWeight > 0) {
            for (AffinityTerm t : existing.requiredAffinityTerms()) {
                touched |= processTerm(t, hardPodAffinityWeight, pod, node, snapshot, scores);
            }
        }
        for (AffinityTerm.Weighted w : existing.preferredAffinityTerms()) {
            touched |= processTerm(w.term(), w.weight(), pod, node, snapshot, scores);
        }
        for (AffinityTerm.Weighted w : existing.preferredAntiAffinityTerms()) {
            touched |= processTerm(w.term(), -w.weight(), pod, node, snapshot, scores);
        }
        return touched;
    }

    private static boolean processTerm(AffinityTerm term, long weight, PodInfo target, NodeInfo node, Snapshot snapshot,
                                       TopologyCounts scores) {
        if (term.matches(target, snapshot) && node.labels().containsKey(term.topologyKey())) {
            scores.update(node.labels(), term.topologyKey(), weight);
            return true;
        }
        return false;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        TopologyCounts scores = state.get(PRE_SCORE);
        return scores == null ? 0 : scores.sumFor(node.labels());
    }

    /** Min-max scaling to [0, 100]; all equal gives 0. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        if (state.get(PRE_SCORE) == null) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
    }
}
