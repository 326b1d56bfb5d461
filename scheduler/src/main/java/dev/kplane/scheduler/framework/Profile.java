package dev.kplane.scheduler.framework;

import dev.kplane.scheduler.config.SchedulerConfiguration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One scheduler profile: a schedulerName with its plugins at each extension point and the Score
 * weights (kube's {@code frameworkruntime.frameworkImpl}), and the generic algorithm of
 * {@code schedule_one.go} that runs them. Holds the round-robin start index, so it is stateful and
 * not thread-safe: one scheduling thread per profile.
 */
public final class Profile {
    private final String schedulerName;
    private final List<Plugin.PreEnqueue> preEnqueues;
    private final Plugin.QueueSort queueSort;
    private final List<Plugin.PreFilter> preFilters;
    private final List<Plugin.Filter> filters;
    private final List<Plugin.PreScore> preScores;
    private final List<Plugin.Score> scores;
    private final int[] weights;
    private final PostFilter postFilter;
    private final int percentageOfNodesToScore;
    private final Random random;
    private int nextStartNodeIndex;

    private Profile(Builder b) {
        this.schedulerName = b.schedulerName;
        this.preEnqueues = List.copyOf(b.preEnqueues);
        this.queueSort = b.queueSort;
        this.preFilters = List.copyOf(b.preFilters);
        this.filters = List.copyOf(b.filters);
        this.preScores = List.copyOf(b.preScores);
        this.scores = List.copyOf(b.scores);
        this.weights = b.weights.stream().mapToInt(Integer::intValue).toArray();
        this.postFilter = b.postFilter;
        this.percentageOfNodesToScore = b.percentageOfNodesToScore;
        this.random = b.random;
    }

    /** kube-scheduler's default profile (v1 getDefaultPlugins) under this schedulerName. */
    public static Profile defaults(String schedulerName) {
        return SchedulerConfiguration.defaultProfile(schedulerName);
    }

    public static Builder builder(String schedulerName) {
        return new Builder(schedulerName);
    }

    public String schedulerName() {
        return schedulerName;
    }

    /**
     * RunPreEnqueuePlugins: whether the queue may hold the pod as schedulable now; a rejected pod (e.g.
     * "waiting for scheduling gates: [gate]") waits for an update of itself.
     */
    public Status preEnqueue(Pod pod) {
        for (Plugin.PreEnqueue p : preEnqueues) {
            Status s = p.preEnqueue(pod);
            if (!s.isSuccess()) {
                return s.plugin() == null ? s.withPlugin(p.name()) : s;
            }
        }
        return Status.SUCCESS;
    }

    /** The queue order of this profile's QueueSort plugin (PrioritySort: higher priority, then older). */
    public Comparator<PodInfo> queueSort() {
        return queueSort::compare;
    }

    public int percentageOfNodesToScore() {
        return percentageOfNodesToScore;
    }

    /** The names of the plugins at each point, for logs and tests. */
    public List<String> pluginNames(String extensionPoint) {
        List<? extends Plugin> list = switch (extensionPoint) {
            case "preEnqueue" -> preEnqueues;
            case "preFilter" -> preFilters;
            case "filter" -> filters;
            case "preScore" -> preScores;
            case "score" -> scores;
            case "queueSort" -> queueSort == null ? List.of() : List.of(queueSort);
            case "postFilter" -> postFilter == null ? List.of() : List.of(postFilter);
            default -> throw new IllegalArgumentException(extensionPoint);
        };
        return list.stream().map(Plugin::name).toList();
    }

    /** The weight of a Score plugin, or 0 when it is not enabled. */
    public int weight(String scorePlugin) {
        for (int i = 0; i < scores.size(); i++) {
            if (scores.get(i).name().equals(scorePlugin)) {
                return weights[i];
            }
        }
        return 0;
    }

    public ScheduleResult schedule(Pod pod, Snapshot snapshot) {
        return schedule(new PodInfo(pod), snapshot);
    }

    /** One scheduling cycle (schedulePod): PreFilter, Filter over enough nodes, PreScore, Score, select. */
    public ScheduleResult schedule(PodInfo pod, Snapshot snapshot) {
        if (snapshot.size() == 0) {
            return new ScheduleResult.FitError(pod.pod(), 0, new NodeToStatus(), Set.of(), null, null);
        }
        CycleState state = new CycleState();
        NodeToStatus statuses = new NodeToStatus();
        Set<String> unschedulablePlugins = new LinkedHashSet<>();
        PreFilterOutcome pre = runPreFilters(state, pod, snapshot);
        if (pre.rejection != null) {
            statuses.setAbsentNodesStatus(pre.rejection);
            unschedulablePlugins.addAll(pre.plugins);
            return new ScheduleResult.FitError(pod.pod(), snapshot.size(), statuses, unschedulablePlugins,
                    pre.rejection.message(), null);
        }
        List<NodeInfo> feasible = null;
        String nominated = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            feasible = evaluateNominatedNode(state, pod, snapshot, snapshot.get(nominated), pre.nodeNames);
        }
        if (feasible == null) {
            List<NodeInfo> nodes = snapshot.nodes();
            if (pre.nodeNames != null) {
                nodes = new ArrayList<>(pre.nodeNames.size());
                for (NodeInfo n : snapshot.nodes()) {
                    if (pre.nodeNames.contains(n.name())) {
                        nodes.add(n);
                    }
                }
                statuses.setAbsentNodesStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) "
                        + goList(pre.plugins.stream().sorted().toList())));
            }
            feasible = findNodesThatPassFilters(state, pod, snapshot, nodes, statuses, unschedulablePlugins);
        }
        if (feasible.isEmpty()) {
            return new ScheduleResult.FitError(pod.pod(), snapshot.size(), statuses, unschedulablePlugins, null, null);
        }
        if (feasible.size() == 1) {
            return new ScheduleResult.Success(feasible.get(0).name(), 1 + statuses.size(), 1);
        }
        long[] totals = prioritizeNodes(state, pod, feasible, snapshot);
        return new ScheduleResult.Success(feasible.get(selectHost(totals)).name(),
                feasible.size() + statuses.size(), feasible.size());
    }

    /**
     * DefaultPreemption for a pod that got this FitError: the node to nominate and the victims, or none
     * with kube's message. Pod priorities are read from spec.priority (the API server's Priority admission
     * sets it from the PriorityClass); PDBs, when given, are respected as kube does.
     */
    public PreemptionResult preempt(Pod pod, Snapshot snapshot, ScheduleResult.FitError failure, List<PodDisruptionBudget> pdbs) {
        if (postFilter == null) {
            return PreemptionResult.none("");
        }
        return postFilter.postFilter(this, new PodInfo(pod), snapshot, failure.nodeToStatus(), pdbs == null ? List.of() : pdbs);
    }

    public PreemptionResult preempt(Pod pod, Snapshot snapshot, ScheduleResult.FitError failure) {
        return preempt(pod, snapshot, failure, List.of());
    }

    /** numFeasibleNodesToFind: all nodes below 100, else the percentage (adaptive when 0), at least 100. */
    public static int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
                percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
            }
        }
        int numNodes = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
    }

    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    /** PreFilter's outcome: a rejection for all nodes, or the node names the plugins narrowed to (null: all). */
    public record PreFilterOutcome(Status rejection, Set<String> nodeNames, List<String> plugins) {
    }

    /** RunPreFilterPlugins: skips are remembered in the state; node-name results are intersected. */
    public PreFilterOutcome runPreFilters(CycleState state, PodInfo pod, Snapshot snapshot) {
        Set<String> nodeNames = null;
        List<String> pluginsWithNodes = new ArrayList<>();
        for (Plugin.PreFilter pf : preFilters) {
            PreFilterResult r = pf.preFilter(state, pod, snapshot);
            Status s = r.status();
            if (s.isSkip()) {
                state.skipFilter.add(pf.name());
                continue;
            }
            if (!s.isSuccess()) {
                if (!s.isRejected()) {
                    throw new IllegalStateException("running PreFilter plugin \"" + pf.name() + "\": " + s.message());
                }
                return new PreFilterOutcome(s.plugin() == null ? s.withPlugin(pf.name()) : s, null, List.of(pf.name()));
            }
            if (r.allNodes()) {
                continue;
            }
            nodeNames = r.mergeNodes(nodeNames);
            pluginsWithNodes.add(pf.name());
            if (nodeNames.isEmpty()) {
                String msg = pluginsWithNodes.size() == 1
                        ? "node(s) didn't satisfy plugin " + pluginsWithNodes.get(0)
                        : "node(s) didn't satisfy plugin(s) " + goList(pluginsWithNodes) + " simultaneously";
                return new PreFilterOutcome(Status.unresolvable(msg), null, pluginsWithNodes);
            }
        }
        return new PreFilterOutcome(null, nodeNames, pluginsWithNodes);
    }

    /** RunFilterPlugins: the first plugin that does not pass decides, tagged with its name. */
    public Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        for (int i = 0, n = filters.size(); i < n; i++) {
            Plugin.Filter f = filters.get(i);
            if (!state.skipFilter.isEmpty() && state.skipFilter.contains(f.name())) {
                continue;
            }
            Status s = f.filter(state, pod, node);
            if (!s.isSuccess()) {
                if (!s.isRejected()) {
                    throw new IllegalStateException("running Filter plugin \"" + f.name() + "\": " + s.message());
                }
                return s.plugin() == null ? s.withPlugin(f.name()) : s;
            }
        }
        return Status.SUCCESS;
    }

    /**
     * RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated to the node,
     * the pod must fit both with them counted as running and without them (affinity may need them absent).
     */
    public Status runFiltersWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node, Snapshot snapshot) {
        List<PodInfo> nominated = snapshot.nominatedPods(node.name());
        if (nominated.isEmpty()) {
            return runFilters(state, pod, node);
        }
        NodeInfo withNominated = null;
        CycleState stateWithNominated = null;
        for (PodInfo p : nominated) {
            if (p.priority() >= pod.priority() && !samePod(p, pod)) {
                if (withNominated == null) {
                    withNominated = node.copy();
                    stateWithNominated = state.copy();
                }
                withNominated.addPodInfo(p);
                stateWithNominated.notifyPod(pod, p, withNominated, true);
            }
        }
        if (withNominated == null) {
            return runFilters(state, pod, node);
        }
        Status s = runFilters(stateWithNominated, pod, withNominated);
        return s.isSuccess() ? runFilters(state, pod, node) : s;
    }

    /** Tells the PreFilter state that a pod was added to / removed from a node copy (RunPreFilterExtensionAdd/RemovePod). */
    public void notifyPod(CycleState state, PodInfo podToSchedule, PodInfo pod, NodeInfo node, boolean added) {
        state.notifyPod(podToSchedule, pod, node, added);
    }

    private List<NodeInfo> evaluateNominatedNode(CycleState state, PodInfo pod, Snapshot snapshot, NodeInfo node, Set<String> nodeNames) {
        if (node == null || (nodeNames != null && !nodeNames.contains(node.name()))) {
            return null;
        }
        return runFiltersWithNominatedPods(state, pod, node, snapshot).isSuccess() ? List.of(node) : null;
    }

    private List<NodeInfo> findNodesThatPassFilters(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> nodes,
                                                    NodeToStatus statuses, Set<String> unschedulablePlugins) {
        int numAllNodes = nodes.size();
        if (numAllNodes == 0) {
            return List.of();
        }
        int numNodesToFind = numFeasibleNodesToFind(percentageOfNodesToScore, numAllNodes);
        List<NodeInfo> feasible = new ArrayList<>(Math.min(numNodesToFind, numAllNodes));
        int processed = 0;
        int start = nextStartNodeIndex % numAllNodes;
        for (int i = 0; i < numAllNodes && feasible.size() < numNodesToFind; i++) {
            NodeInfo node = nodes.get((start + i) % numAllNodes);
            Status s = runFiltersWithNominatedPods(state, pod, node, snapshot);
            processed++;
            if (s.isSuccess()) {
                feasible.add(node);
            } else {
                statuses.set(node.name(), s);
                if (s.plugin() != null) {
                    unschedulablePlugins.add(s.plugin());
                }
            }
        }
        nextStartNodeIndex = (start + processed) % numAllNodes;
        return feasible;
    }

    /** prioritizeNodes: each Score plugin's normalized scores times its weight, summed per node. */
    private long[] prioritizeNodes(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        for (Plugin.PreScore ps : preScores) {
            Status s = ps.preScore(state, pod, nodes, snapshot);
            if (s.isSkip()) {
                state.skipScore.add(ps.name());
            } else if (!s.isSuccess()) {
                throw new IllegalStateException("running PreScore plugin \"" + ps.name() + "\": " + s.message());
            }
        }
        int m = nodes.size();
        long[] totals = new long[m];
        long[] pluginScores = new long[m];
        for (int j = 0; j < scores.size(); j++) {
            Plugin.Score sp = scores.get(j);
            if (!state.skipScore.isEmpty() && state.skipScore.contains(sp.name())) {
                continue;
            }
            for (int i = 0; i < m; i++) {
                pluginScores[i] = sp.score(state, pod, nodes.get(i));
            }
            sp.normalize(state, pod, nodes, pluginScores);
            for (int i = 0; i < m; i++) {
                long s = pluginScores[i];
                if (s > Plugin.MAX_NODE_SCORE || s < 0) {
                    throw new IllegalStateException("plugin \"" + sp.name() + "\" returns an invalid score " + s
                            + ", it should in the range of [0, " + Plugin.MAX_NODE_SCORE + "] after normalizing");
                }
                totals[i] += s * weights[j];
            }
        }
        return totals;
    }

    /** selectHost: the highest total; ties are broken uniformly at random by reservoir sampling, as kube does. */
    int selectHost(long[] totals) {
        int selected = 0;
        int countOfMax = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[selected]) {
                selected = i;
                countOfMax = 1;
            } else if (totals[i] == totals[selected]) {
                countOfMax++;
                if (random.nextInt(countOfMax) == 0) {
                    selected = i;
                }
            }
        }
        return selected;
    }

    private static boolean samePod(PodInfo a, PodInfo b) {
        return a.uid() != null && b.uid() != null ? a.uid().equals(b.uid()) : a.key().equals(b.key());
    }

    /** Go's %v of a []string: "[a b]". */
    static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** Assembles a profile; plugins are called in the order they are added. */
    public static final class Builder {
        private final String schedulerName;
        private final List<Plugin.PreEnqueue> preEnqueues = new ArrayList<>();
        private Plugin.QueueSort queueSort;
        private final List<Plugin.PreFilter> preFilters = new ArrayList<>();
        private final List<Plugin.Filter> filters = new ArrayList<>();
        private final List<Plugin.PreScore> preScores = new ArrayList<>();
        private final List<Plugin.Score> scores = new ArrayList<>();
        private final List<Integer> weights = new ArrayList<>();
        private PostFilter postFilter;
        private int percentageOfNodesToScore;
        private Random random = new Random();

        private Builder(String schedulerName) {
            this.schedulerName = schedulerName;
        }

        public Builder preEnqueue(Plugin.PreEnqueue p) {
            preEnqueues.add(p);
            return this;
        }

        public Builder queueSort(Plugin.QueueSort p) {
            this.queueSort = p;
            return this;
        }

        public Builder preFilter(Plugin.PreFilter p) {
            preFilters.add(p);
            return this;
        }

        public Builder filter(Plugin.Filter p) {
            filters.add(p);
            return this;
        }

        public Builder preScore(Plugin.PreScore p) {
            preScores.add(p);
            return this;
        }

        /** A weight of 0 counts as 1, as in kube's NewFramework. */
        public Builder score(Plugin.Score p, int weight) {
            scores.add(p);
            weights.add(weight == 0 ? 1 : weight);
            return this;
        }

        public Builder postFilter(PostFilter p) {
            this.postFilter = p;
            return this;
        }

        /** 0 (the default) is kube's adaptive percentage. */
        public Builder percentageOfNodesToScore(int percentage) {
            this.percentageOfNodesToScore = percentage;
            return this;
        }

        /** The source of tie-breaking randomness (a seeded one makes tests repeatable). */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        public Profile build() {
            return new Profile(this);
        }
    }
}
