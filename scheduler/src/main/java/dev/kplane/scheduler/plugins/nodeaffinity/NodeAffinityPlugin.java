package dev.kplane.scheduler.plugins.nodeaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.PreFilterResult;
import dev.kplane.scheduler.framework.RequiredNodeAffinity;
import dev.kplane.scheduler.framework.Scores;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import dev.kplane.schemas.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * spec.nodeSelector and required node affinity filter nodes; preferred node affinity scores them by the
 * weights of the terms they match. A profile's {@code addedAffinity} (NodeAffinityArgs) applies to every pod.
 */
public final class NodeAffinityPlugin implements Plugin.PreFilter, Plugin.Filter, Plugin.PreScore, Plugin.Score {
    public static final String NAME = "NodeAffinity";
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
    static final String ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
    static final String ERR_REASON_CONFLICT = "pod affinity terms conflict";
    private static final Status REJECTED = Status.unresolvable(ERR_REASON_POD).withPlugin(NAME);
    private static final Status REJECTED_ENFORCED = Status.unresolvable(ERR_REASON_ENFORCED).withPlugin(NAME);
    private static final CycleState.Key<RequiredNodeAffinity> REQUIRED = new CycleState.Key<>("PreFilter" + NAME);
    private static final CycleState.Key<RequiredNodeAffinity.Preferred> PREFERRED = new CycleState.Key<>("PreScore" + NAME);

    private final RequiredNodeAffinity addedNodeSelector;
    private final RequiredNodeAffinity.Preferred addedPreferred;

    public NodeAffinityPlugin() {
        this(null);
    }

    /** @param addedAffinity the NodeAffinityArgs.addedAffinity, or null */
    public NodeAffinityPlugin(NodeAffinity addedAffinity) {
        this.addedNodeSelector = addedAffinity == null || addedAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null
                ? null : RequiredNodeAffinity.of(addedAffinity.getRequiredDuringSchedulingIgnoredDuringExecution());
        this.addedPreferred = addedAffinity == null ? null
                : RequiredNodeAffinity.Preferred.of(addedAffinity.getPreferredDuringSchedulingIgnoredDuringExecution());
    }

    public static NodeAffinityPlugin fromArgs(JsonNode args) {
        if (args == null || !args.has("addedAffinity")) {
            return new NodeAffinityPlugin();
        }
        return new NodeAffinityPlugin(Json.MAPPER.convertValue(args.get("addedAffinity"), NodeAffinity.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Affinity a = pod.pod().getSpec().getAffinity();
        boolean noNodeAffinity = a == null || a.getNodeAffinity() == null
                || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null;
        if (noNodeAffinity && addedNodeSelector == null && pod.pod().getSpec().getNodeSelector() == null) {
            return PreFilterResult.SKIP;
        }
        state.put(REQUIRED, RequiredNodeAffinity.of(pod.pod()));
        if (noNodeAffinity) {
            return PreFilterResult.SUCCESS;
        }
        List<NodeSelectorTerm> terms = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        if (terms == null || terms.isEmpty()) {
            return PreFilterResult.SUCCESS;
        }
        // terms naming nodes by metadata.name narrow the nodes to look at, as kube does
        Set<String> nodeNames = null;
        for (NodeSelectorTerm t : terms) {
            Set<String> termNodeNames = null;
            for (NodeSelectorRequirement r : t.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                    Set<String> s = new HashSet<>(r.getValues() == null ? List.of() : r.getValues());
                    if (termNodeNames == null) {
                        termNodeNames = s;
                    } else {
                        termNodeNames.retainAll(s);
                    }
                }
            }
            if (termNodeNames == null) {
                return PreFilterResult.SUCCESS;
            }
            if (nodeNames == null) {
                nodeNames = new HashSet<>();
            }
            nodeNames.addAll(termNodeNames);
        }
        if (nodeNames != null && nodeNames.isEmpty()) {
            return PreFilterResult.of(Status.unresolvable(ERR_REASON_CONFLICT));
        }
        return nodeNames == null ? PreFilterResult.SUCCESS : PreFilterResult.nodes(nodeNames);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (addedNodeSelector != null && !addedNodeSelector.matches(node)) {
            return REJECTED_ENFORCED;
        }
        RequiredNodeAffinity required = state.get(REQUIRED);
        if (required == null) {
            required = RequiredNodeAffinity.of(pod.pod());
        }
        return required.matches(node) ? Status.SUCCESS : REJECTED;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        if (feasibleNodes.isEmpty()) {
            return Status.SUCCESS;
        }
        Affinity a = pod.pod().getSpec().getAffinity();
        List<PreferredSchedulingTerm> terms = a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        RequiredNodeAffinity.Preferred preferred = RequiredNodeAffinity.Preferred.of(terms);
        if (preferred == null && addedPreferred == null) {
            return Status.SKIP;
        }
        state.put(PREFERRED, preferred);
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long count = addedPreferred == null ? 0 : addedPreferred.score(node);
        RequiredNodeAffinity.Preferred preferred = state.get(PREFERRED);
        if (preferred != null) {
            count += preferred.score(node);
        }
        return count;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Scores.defaultNormalize(MAX_NODE_SCORE, false, scores);
    }
}
