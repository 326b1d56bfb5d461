package dev.kplane.kubelet;

import dev.kplane.kubelet.desired.DesiredState;
import dev.kplane.kubelet.pod.RuntimeSpecs;
import dev.kplane.kubelet.runtime.Container;
import dev.kplane.kubelet.runtime.PodRuntimeState;
import dev.kplane.kubelet.server.ContainerLocator;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Answers the kubelet HTTP server (logs, exec) from this kubelet's pods: the newest CRI container of the name,
 * or with previous the one before it, and its log file in the kubelet's log layout.
 */
final class PodContainerLocator implements ContainerLocator {
  private final DesiredState desired;
  private final Function<String, PodRuntimeState> observe;
  private final Path logRoot;

  PodContainerLocator(DesiredState desired, Function<String, PodRuntimeState> observe, Path logRoot) {
    this.desired = desired;
    this.observe = observe;
    this.logRoot = logRoot;
  }

  @Override
  public Located locate(String namespace, String pod, String container, boolean previous) throws LocateException {
    Pod p = desired.pods().stream().filter(x -> namespace.equals(x.getMetadata().getNamespace())
        && pod.equals(x.getMetadata().getName())).findFirst().orElseThrow(() -> LocateException.podNotFound(pod));
    boolean declared = java.util.stream.Stream.concat(p.getSpec().getContainers().stream(), p.getSpec().getInitContainers().stream())
        .anyMatch(c -> c.getName().equals(container));
    if (!declared) {
      throw LocateException.containerNotFound(container, pod);
    }
    List<Container> instances = observe.apply(p.getMetadata().getUid()).byName(container);
    if (previous) {
      // The kubelet keeps the current instance and the one before it (see PodSync's garbage collection).
      if (instances.size() < 2) {
        throw LocateException.previousNotFound(container, pod);
      }
      return located(p, instances.get(1));
    }
    if (instances.isEmpty()) {
      throw LocateException.waiting(container, pod, "ContainerCreating");
    }
    return located(p, instances.get(0));
  }

  private Located located(Pod p, Container c) {
    return new Located(c.id(), RuntimeSpecs.podLogDir(logRoot, p).resolve(RuntimeSpecs.containerLogPath(c.name(), c.attempt())));
  }
}
