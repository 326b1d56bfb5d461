package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.runtime.ContainerSpec;
import dev.kplane.kubelet.runtime.Labels;
import dev.kplane.kubelet.runtime.SandboxSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRI sandbox and container configurations of a pod (kuberuntime's generatePodSandboxConfig and
 * generateContainerConfig): labels for adoption, the kubelet's log layout, host network, ports, mounts.
 */
public final class RuntimeSpecs {
  private RuntimeSpecs() {}

  /** The pod's log directory, as kubelet lays it out: {@code <logRoot>/<namespace>_<name>_<uid>}. */
  public static Path podLogDir(Path logRoot, Pod pod) {
    var m = pod.getMetadata();
    return logRoot.resolve(m.getNamespace() + "_" + m.getName() + "_" + m.getUid());
  }

  /** A container's log file relative to the pod's log directory: {@code <container>/<restartCount>.log}. */
  public static String containerLogPath(String container, int attempt) {
    return container + "/" + attempt + ".log";
  }

  public static boolean hostNetwork(Pod pod) {
    return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
  }

  public static SandboxSpec sandbox(Pod pod, NodeContext node, int attempt) {
    String nodeName = node.nodeName();
    Path logRoot = node.logRoot();
    var m = pod.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(m.getLabels() == null ? Map.of() : m.getLabels());
    labels.putAll(podLabels(pod, nodeName));
    String hostname = pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
        ? pod.getSpec().getHostname() : m.getName();
    if (hostname.length() > 63) {
      hostname = hostname.substring(0, 63);
    }
    List<SandboxSpec.PortMapping> ports = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      for (var p : c.getPorts()) {
        if (p.getHostPort() != null && p.getHostPort() > 0) {
          ports.add(new SandboxSpec.PortMapping(p.getProtocol(), p.getContainerPort(), p.getHostPort(), p.getHostIP()));
        }
      }
    }
    PodDns.Config dns = node.dns().forPod(pod);
    return new SandboxSpec(m.getName(), m.getNamespace(), m.getUid(), attempt, hostname,
        podLogDir(logRoot, pod).toString(), hostNetwork(pod), ports, labels,
        m.getAnnotations() == null ? Map.of() : m.getAnnotations(), cgroupParent(m.getUid()),
        dns.servers(), dns.searches(), dns.options());
  }

  /** Every pod's cgroups go under one parent (cgroupfs driver), which bin/setup-containerd --stop removes. */
  public static String cgroupParent(String podUid) {
    return "/kplane/pod" + podUid;
  }

  /** The labels that identify a pod's sandboxes and containers in the runtime. */
  public static Map<String, String> podLabels(Pod pod, String nodeName) {
    var m = pod.getMetadata();
    return Map.of(Labels.POD_NAME, m.getName(), Labels.POD_NAMESPACE, m.getNamespace(), Labels.POD_UID, m.getUid(),
        Labels.NODE, nodeName);
  }

  public static ContainerSpec container(Pod pod, Container c, String nodeName, int attempt, Map<String, String> env,
      Map<String, Path> volumes, ContainerSpec.Resources resources) {
    Map<String, String> labels = new HashMap<>(podLabels(pod, nodeName));
    labels.put(Labels.CONTAINER_NAME, c.getName());
    long grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : pod.getSpec().getTerminationGracePeriodSeconds();
    Map<String, String> annotations = Map.of(Labels.RESTART_COUNT, Integer.toString(attempt),
        Labels.TERMINATION_GRACE_PERIOD, Long.toString(grace));
    return new ContainerSpec(c.getName(), attempt, c.getImage(), c.getCommand(), c.getArgs(), c.getWorkingDir(), env,
        mounts(c, volumes), containerLogPath(c.getName(), attempt), resources, labels, annotations,
        Boolean.TRUE.equals(c.getTty()), Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()));
  }

  static List<ContainerSpec.Mount> mounts(Container c, Map<String, Path> volumes) {
    List<ContainerSpec.Mount> out = new ArrayList<>();
    for (VolumeMount vm : c.getVolumeMounts()) {
      Path host = volumes.get(vm.getName());
      if (host == null) {
        continue;
      }
      if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
        host = host.resolve(vm.getSubPath());
      }
      out.add(new ContainerSpec.Mount(vm.getMountPath(), host.toString(), Boolean.TRUE.equals(vm.getReadOnly())));
    }
    return out;
  }
}
