package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler reads from it parsed once ({@code framework.PodInfo}): its affinity
 * terms, its requests and non-zero requests, its host ports. Immutable; build one per pod version.
 */
public final class PodInfo {
    private final Pod pod;
    private final String key;
    private final int priority;
    private final Resource requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<AffinityTerm> requiredAffinityTerms;
    private final List<AffinityTerm> requiredAntiAffinityTerms;
    private final List<AffinityTerm.Weighted> preferredAffinityTerms;
    private final List<AffinityTerm.Weighted> preferredAntiAffinityTerms;
    private final List<HostPort> hostPorts;

    public PodInfo(Pod pod) {
        this.pod = pod;
        this.key = key(pod);
        this.priority = pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
        this.requests = Resource.podRequests(pod);
        Resource nonZero = Resource.podNonZeroRequests(pod);
        this.nonZeroMilliCpu = nonZero.milliCpu();
        this.nonZeroMemory = nonZero.memory();
        Affinity a = pod.getSpec().getAffinity();
        this.requiredAffinityTerms = a == null || a.getPodAffinity() == null ? List.of()
                : terms(pod, a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        this.requiredAntiAffinityTerms = a == null || a.getPodAntiAffinity() == null ? List.of()
                : terms(pod, a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        this.preferredAffinityTerms = a == null || a.getPodAffinity() == null ? List.of()
                : weighted(pod, a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        this.preferredAntiAffinityTerms = a == null || a.getPodAntiAffinity() == null ? List.of()
                : weighted(pod, a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        this.hostPorts = hostPorts(pod);
    }

    /** {@code namespace/name}, the key NodeInfo removes pods by. */
    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    public Pod pod() {
        return pod;
    }

    public String key() {
        return key;
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String uid() {
        return pod.getMetadata().getUid();
    }

    public Map<String, String> labels() {
        Map<String, String> l = pod.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    /** spec.priority (set by the API server from the PriorityClass), 0 when absent (corev1helpers.PodPriority). */
    public int priority() {
        return priority;
    }

    public Resource requests() {
        return requests;
    }

    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<AffinityTerm> requiredAffinityTerms() {
        return requiredAffinityTerms;
    }

    public List<AffinityTerm> requiredAntiAffinityTerms() {
        return requiredAntiAffinityTerms;
    }

    public List<AffinityTerm.Weighted> preferredAffinityTerms() {
        return preferredAffinityTerms;
    }

    public List<AffinityTerm.Weighted> preferredAntiAffinityTerms() {
        return preferredAntiAffinityTerms;
    }

    public boolean hasAffinity() {
        Affinity a = pod.getSpec().getAffinity();
        return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
    }

    public boolean hasRequiredAntiAffinity() {
        return !requiredAntiAffinityTerms.isEmpty();
    }

    /** The containers' hostPort declarations (hostPort > 0). */
    public List<HostPort> hostPorts() {
        return hostPorts;
    }

    private static List<AffinityTerm> terms(Pod pod, List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (PodAffinityTerm t : terms) {
            out.add(AffinityTerm.of(pod, t));
        }
        return List.copyOf(out);
    }

    private static List<AffinityTerm.Weighted> weighted(Pod pod, List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm.Weighted> out = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm t : terms) {
            out.add(new AffinityTerm.Weighted(AffinityTerm.of(pod, t.getPodAffinityTerm()), t.getWeight()));
        }
        return List.copyOf(out);
    }

    private static List<HostPort> hostPorts(Pod pod) {
        // schedutil.GetHostPorts: sidecars (restartable init containers) hold their ports all along, like app containers
        List<Container> containers = new ArrayList<>();
        for (Container c : Resource.list(pod.getSpec().getInitContainers())) {
            if ("Always".equals(c.getRestartPolicy())) {
                containers.add(c);
            }
        }
        containers.addAll(Resource.list(pod.getSpec().getContainers()));
        List<HostPort> out = null;
        for (Container c : containers) {
            for (ContainerPort p : Resource.list(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.add(HostPort.of(p));
                }
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    @Override
    public String toString() {
        return key;
    }
}
