package dev.kplane.scheduler.plugins.defaultpreemption;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.framework.CycleState;
import dev.kplane.scheduler.framework.NodeInfo;
import dev.kplane.scheduler.framework.NodeToStatus;
import dev.kplane.scheduler.framework.PodInfo;
import dev.kplane.scheduler.framework.PostFilter;
import dev.kplane.scheduler.framework.PreemptionResult;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.framework.ScheduleResult;
import dev.kplane.scheduler.framework.Snapshot;
import dev.kplane.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * kube's DefaultPreemption as a pure decision: on nodes where removing lower-priority pods could help,
 * find the fewest such pods (reprieving the most important first, PDB-protected ones before others)
 * whose removal lets the pod pass every filter, then pick one node: fewest PDB violations, lowest
 * highest victim priority, lowest priority sum, fewest victims, latest start. Evicting the victims and
 * setting status.nominatedNodeName is the caller's job.
 */
public final class DefaultPreemption implements PostFilter {
    public static final String NAME = "DefaultPreemption";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private final int minCandidateNodesPercentage;
    private final int minCandidateNodesAbsolute;
    private final Random random;

    public DefaultPreemption() {
        this(10, 100, new Random());
    }

    public DefaultPreemption(int minCandidateNodesPercentage, int minCandidateNodesAbsolute, Random random) {
        this.minCandidateNodesPercentage = minCandidateNodesPercentage;
        this.minCandidateNodesAbsolute = minCandidateNodesAbsolute;
        this.random = random;
    }

    /** DefaultPreemptionArgs: minCandidateNodesPercentage (10), minCandidateNodesAbsolute (100). */
    public static DefaultPreemption fromArgs(JsonNode args) {
        if (args == null) {
            return new DefaultPreemption();
        }
        return new DefaultPreemption(args.path("minCandidateNodesPercentage").asInt(10), args.path("minCandidateNodesAbsolute").asInt(100),
                new Random());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreemptionResult postFilter(Profile profile, PodInfo pod, Snapshot snapshot, NodeToStatus statuses,
                                       List<PodDisruptionBudget> pdbs) {
        String notEligible = notEligibleReason(pod, snapshot, statuses);
        if (notEligible != null) {
            return PreemptionResult.none("preemption: " + notEligible);
        }
        List<NodeInfo> potential = new ArrayList<>();
        NodeToStatus preemptionStatuses = new NodeToStatus();
        Status notHelpful = Status.unresolvable(NOT_HELPFUL);
        preemptionStatuses.setAbsentNodesStatus(notHelpful);
        for (NodeInfo n : snapshot.nodes()) {
            if (statuses.get(n.name()).code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                preemptionStatuses.set(n.name(), notHelpful);
            } else {
                potential.add(n);
            }
        }
        List<Victims> candidates = potential.isEmpty() ? List.of()
                : dryRun(profile, pod, snapshot, potential, pdbs, preemptionStatuses);
        if (candidates.isEmpty()) {
            var fitError = new ScheduleResult.FitError(pod.pod(), snapshot.size(), preemptionStatuses, Set.of(), null, null);
            return PreemptionResult.none("preemption: " + fitError.message());
        }
        Victims best = pickOneNode(candidates);
        return new PreemptionResult(best.node(), best.pods().stream().map(PodInfo::pod).toList(), "");
    }

    /** PodEligibleToPreemptOthers: the reason it may not preempt, or null. */
    static String notEligibleReason(PodInfo pod, Snapshot snapshot, NodeToStatus statuses) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return "not eligible due to preemptionPolicy=Never.";
        }
        String nominated = pod.pod().getStatus() == null ? null : pod.pod().getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            if (statuses.get(nominated).code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                return null;
            }
            NodeInfo node = snapshot.get(nominated);
            if (node != null) {
                for (PodInfo p : node.pods()) {
                    if (p.priority() < pod.priority() && terminatingByPreemption(p.pod())) {
                        return "not eligible due to a terminating pod on the nominated node.";
                    }
                }
            }
        }
        return null;
    }

    private static boolean terminatingByPreemption(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()) && "PreemptionByScheduler".equals(c.getReason())) {
                return true;
            }
        }
        return false;
    }

    /** DryRunPreemption from a random offset until enough candidates are found (at least one without PDB violations). */
    private List<Victims> dryRun(Profile profile, PodInfo pod, Snapshot snapshot, List<NodeInfo> potential,
                                 List<PodDisruptionBudget> pdbs, NodeToStatus statuses) {
        CycleState state = new CycleState();
        Profile.PreFilterOutcome pre = profile.runPreFilters(state, pod, snapshot);
        int n = potential.size();
        int offset = random.nextInt(n);
        int numCandidates = numCandidates(n);
        List<Victims> nonViolating = new ArrayList<>();
        List<Victims> violating = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeInfo node = potential.get((offset + i) % n);
            if (pre.rejection() != null) {
                statuses.set(node.name(), pre.rejection());
                continue;
            }
            Victims v = selectVictimsOnNode(profile, state.copy(), pod, node.copy(), snapshot, pdbs, statuses);
            if (v != null) {
                (v.numPdbViolations() == 0 ? nonViolating : violating).add(v);
                if (!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= numCandidates) {
                    break;
                }
            }
        }
        List<Victims> all = new ArrayList<>(nonViolating);
        all.addAll(violating);
        return all;
    }

    /** calculateNumCandidates: the percentage of the nodes, at least the absolute minimum, at most all. */
    int numCandidates(int numNodes) {
        int n = numNodes * minCandidateNodesPercentage / 100;
        return Math.min(Math.max(n, minCandidateNodesAbsolute), numNodes);
    }

    /** SelectVictimsOnNode on a node copy: remove all lower-priority pods, check the pod fits, then reprieve what it can. */
    private static Victims selectVictimsOnNode(Profile profile, CycleState state, PodInfo pod, NodeInfo node, Snapshot snapshot,
                                               List<PodDisruptionBudget> pdbs, NodeToStatus statuses) {
        List<PodInfo> potentialVictims = new ArrayList<>();
        for (PodInfo p : new ArrayList<>(node.pods())) {
            if (p.priority() < pod.priority()) {
                potentialVictims.add(p);
                node.removePodInfo(p);
                profile.notifyPod(state, pod, p, node, false);
            }
        }
        if (potentialVictims.isEmpty()) {
            statuses.set(node.name(), Status.unresolvable(NO_VICTIMS));
            return null;
        }
        Status fits = profile.runFiltersWithNominatedPods(state, pod, node, snapshot);
        if (!fits.isSuccess()) {
            statuses.set(node.name(), fits);
            return null;
        }
        potentialVictims.sort(Victims.MORE_IMPORTANT_FIRST);
        List<List<PodInfo>> split = Victims.splitByPdbViolation(potentialVictims, pdbs);
        List<PodInfo> victims = new ArrayList<>();
        int numViolating = 0;
        for (PodInfo p : split.get(0)) {
            if (!reprieve(profile, state, pod, node, snapshot, p, victims)) {
                numViolating++;
            }
        }
        for (PodInfo p : split.get(1)) {
            reprieve(profile, state, pod, node, snapshot, p, victims);
        }
        if (!split.get(0).isEmpty() && !split.get(1).isEmpty()) {
            victims.sort(Victims.MORE_IMPORTANT_FIRST);
        }
        return new Victims(node.name(), List.copyOf(victims), numViolating);
    }

    /** Puts the pod back; if the preemptor then no longer fits, takes it out again as a victim. Returns whether it stays. */
    private static boolean reprieve(Profile profile, CycleState state, PodInfo pod, NodeInfo node, Snapshot snapshot, PodInfo p,
                                    List<PodInfo> victims) {
        node.addPodInfo(p);
        profile.notifyPod(state, pod, p, node, true);
        if (profile.runFiltersWithNominatedPods(state, pod, node, snapshot).isSuccess()) {
            return true;
        }
        node.removePodInfo(p);
        profile.notifyPod(state, pod, p, node, false);
        victims.add(p);
        return false;
    }

    /** pickOneNodeForPreemption: each criterion keeps the best-scoring nodes until one is left; then the first. */
    static Victims pickOneNode(List<Victims> candidates) {
        List<ToLongFunction<Victims>> scoreFuncs = List.of(
                v -> -v.numPdbViolations(),
                v -> -(long) v.pods().get(0).priority(),
                v -> -v.pods().stream().mapToLong(p -> (long) p.priority() + Integer.MAX_VALUE + 1L).sum(),
                v -> -v.pods().size(),
                v -> {
                    var t = v.earliestStartOfHighestPriority();
                    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
                });
        List<Victims> remaining = candidates;
        for (ToLongFunction<Victims> f : scoreFuncs) {
            long max = Long.MIN_VALUE;
            List<Victims> best = new ArrayList<>();
            for (Victims v : remaining) {
                long s = f.applyAsLong(v);
                if (s > max) {
                    max = s;
                    best.clear();
                    best.add(v);
                } else if (s == max) {
                    best.add(v);
                }
            }
            if (best.size() == 1) {
                return best.get(0);
            }
            remaining = best;
        }
        return remaining.get(0);
    }
}
