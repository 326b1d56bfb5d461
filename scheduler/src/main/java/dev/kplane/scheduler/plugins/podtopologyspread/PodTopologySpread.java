package dev.kplane.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.PreFilterResult;
import dev.kplane.scheduler.framework.RequiredNodeAffinity;
import dev.kplane.scheduler.framework.Selector;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spreads matching pods over topology domains: DoNotSchedule constraints filter (skew = matching pods in
 * the node's domain + the pod itself - the global minimum must stay within maxSkew), ScheduleAnyway
 * constraints score (fewer matching pods is better). Pods without constraints get the profile's default
 * constraints (system defaults: hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway), counting the
 * pods of the same Services/controllers.
 */
public final class PodTopologySpread implements Plugin.PreFilter, Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "PodTopologySpread";
    public static final String ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    public static final String ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";
    static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    static final String SCHEDULE_ANYWAY = "ScheduleAnyway";
    static final String LABEL_HOSTNAME = "kubernetes.io/hostname";
    static final String LABEL_ZONE = "topology.kubernetes.io/zone";
    private static final Status NOT_MATCH = Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH).withPlugin(NAME);
    private static final Status LABEL_NOT_MATCH = Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH).withPlugin(NAME);
    private static final CycleState.Key<SpreadCounts> PRE_FILTER = new CycleState.Key<>("PreFilter" + NAME);
    private static final CycleState.Key<ScoreState> PRE_SCORE = new CycleState.Key<>("PreScore" + NAME);

    /** v1.32 systemDefaultConstraints. */
    public static final List<TopologySpreadConstraint> SYSTEM_DEFAULT_CONSTRAINTS = List.of(
            new TopologySpreadConstraint(null, null, 3, null, null, null, LABEL_HOSTNAME, SCHEDULE_ANYWAY),
            new TopologySpreadConstraint(null, null, 5, null, null, null, LABEL_ZONE, SCHEDULE_ANYWAY));

    private final List<TopologySpreadConstraint> defaultConstraints;
    private final boolean systemDefaulted;

    public PodTopologySpread() {
        this(SYSTEM_DEFAULT_CONSTRAINTS, true);
    }

    public PodTopologySpread(List<TopologySpreadConstraint> defaultConstraints, boolean systemDefaulted) {
        this.defaultConstraints = defaultConstraints;
        this.systemDefaulted = systemDefaulted;
    }

    /** PodTopologySpreadArgs: defaultingType System (default) or List with defaultConstraints. */
    public static PodTopologySpread fromArgs(JsonNode args) {
        if (args == null) {
            return new PodTopologySpread();
        }
        String defaultingType = args.path("defaultingType").asText("System");
        List<TopologySpreadConstraint> constraints = new ArrayList<>();
        for (JsonNode c : args.path("defaultConstraints")) {
            TopologySpreadConstraint tsc = Json.MAPPER.convertValue(c, TopologySpreadConstraint.class);
            if (tsc.getLabelSelector() != null) {
                throw new IllegalArgumentException("defaultConstraints[].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod");
            }
            constraints.add(tsc);
        }
        return switch (defaultingType) {
            case "System" -> {
                if (!constraints.isEmpty()) {
                    throw new IllegalArgumentException("defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty");
                }
                yield new PodTopologySpread();
            }
            case "List" -> new PodTopologySpread(List.copyOf(constraints), false);
            default -> throw new IllegalArgumentException("defaultingType: Unsupported value: \"" + defaultingType + "\"");
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's own constraints with this action, or the default ones counting its Services'/controllers' pods. */
    private List<Constraint> constraints(Pod pod, Snapshot snapshot, String action) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<TopologySpreadConstraint> own = pod.getSpec().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) {
            return Constraint.filter(own, labels, action);
        }
        List<Constraint> defaults = Constraint.filter(defaultConstraints, labels, action);
        if (defaults.isEmpty()) {
            return defaults;
        }
        Selector selector = snapshot.defaultSelector(pod);
        if (selector.isNothing() || selector.isEverything()) {
            return List.of();
        }
        List<Constraint> out = new ArrayList<>(defaults.size());
        defaults.forEach(c -> out.add(c.withSelector(selector)));
        return out;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<Constraint> constraints = constraints(pod.pod(), snapshot, DO_NOT_SCHEDULE);
        if (constraints.isEmpty()) {
            return PreFilterResult.SKIP;
        }
        RequiredNodeAffinity required = RequiredNodeAffinity.of(pod.pod());
        SpreadCounts s = new SpreadCounts(constraints, required);
        for (NodeInfo node : snapshot.nodes()) {
            Map<String, String> nodeLabels = node.labels();
            if (!Constraint.nodeHasAllKeys(nodeLabels, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (!c.includesNode(pod.pod(), node, required)) {
                    continue;
                }
                int count = Constraint.countMatching(node.pods(), c.selector(), pod.namespace());
                s.counts[i].computeIfAbsent(nodeLabels.get(c.topologyKey()), k -> new int[1])[0] += count;
            }
        }
        s.computeCriticalPaths();
        state.put(PRE_FILTER, s);
        return PreFilterResult.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        SpreadCounts s = state.get(PRE_FILTER);
        if (s == null) {
            return Status.SUCCESS;
        }
        Map<String, String> nodeLabels = node.labels();
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            String value = nodeLabels.get(c.topologyKey());
            if (value == null) {
                return LABEL_NOT_MATCH;
            }
            int selfMatch = c.selector().matches(pod.labels()) ? 1 : 0;
            long skew = (long) s.count(i, value) + selfMatch - s.minMatchNum(i);
            if (skew > c.maxSkew()) {
                return NOT_MATCH;
            }
        }
        return Status.SUCCESS;
    }

    /** PreScore state: the soft constraints, per-domain counts of non-hostname keys, nodes left unscored. */
    private record ScoreState(List<Constraint> constraints, Set<String> ignoredNodes, List<Map<String, long[]>> domainCounts,
                              double[] normalizingWeights) {
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        if (feasibleNodes.isEmpty() || snapshot.size() == 0) {
            return Status.SKIP;
        }
        List<Constraint> constraints = constraints(pod.pod(), snapshot, SCHEDULE_ANYWAY);
        if (constraints.isEmpty()) {
            return Status.SKIP;
        }
        // only user-given or List-defaulted rules need every key on a node: a node without a zone label
        // still gets system-default hostname spreading
        List<TopologySpreadConstraint> own = pod.pod().getSpec().getTopologySpreadConstraints();
        boolean requireAllTopologies = (own != null && !own.isEmpty()) || !systemDefaulted;
        Set<String> ignored = new HashSet<>();
        List<Map<String, long[]>> domainCounts = new ArrayList<>(constraints.size());
        constraints.forEach(c -> domainCounts.add(new HashMap<>()));
        int[] topoSize = new int[constraints.size()];
        for (NodeInfo node : feasibleNodes) {
            if (requireAllTopologies && !Constraint.nodeHasAllKeys(node.labels(), constraints)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                String key = constraints.get(i).topologyKey();
                if (LABEL_HOSTNAME.equals(key)) {
                    continue;
                }
                String value = node.labels().get(key);
                // kube keys pairs by value even when the label is absent (value ""), so do the same
                if (domainCounts.get(i).putIfAbsent(value == null ? "" : value, new long[1]) == null) {
                    topoSize[i]++;
                }
            }
        }
        double[] weights = new double[constraints.size()];
        for (int i = 0; i < weights.length; i++) {
            int size = LABEL_HOSTNAME.equals(constraints.get(i).topologyKey()) ? feasibleNodes.size() - ignored.size() : topoSize[i];
            weights[i] = Math.log(size + 2);
        }
        RequiredNodeAffinity required = RequiredNodeAffinity.of(pod.pod());
        for (NodeInfo node : snapshot.nodes()) {
            if (requireAllTopologies && !Constraint.nodeHasAllKeys(node.labels(), constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (LABEL_HOSTNAME.equals(c.topologyKey()) || !c.includesNode(pod.pod(), node, required)) {
                    continue;
                }
                String value = node.labels().get(c.topologyKey());
                long[] count = domainCounts.get(i).get(value == null ? "" : value);
                if (count != null) {
                    count[0] += Constraint.countMatching(node.pods(), c.selector(), pod.namespace());
                }
            }
        }
        state.put(PRE_SCORE, new ScoreState(constraints, ignored, domainCounts, weights));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState s = state.get(PRE_SCORE);
        if (s.ignoredNodes.contains(node.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                continue;
            }
            long count = LABEL_HOSTNAME.equals(c.topologyKey())
                    ? Constraint.countMatching(node.pods(), c.selector(), pod.namespace())
                    : s.domainCounts.get(i).get(value)[0];
            score += count * s.normalizingWeights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    /** Fewer matching pods is better: MAX * (max + min - score) / max over the scored nodes; ignored nodes get 0. */
    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreState s = state.get(PRE_SCORE);
        if (s == null) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (s.ignoredNodes.contains(nodes.get(i).name())) {
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (s.ignoredNodes.contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }
}
