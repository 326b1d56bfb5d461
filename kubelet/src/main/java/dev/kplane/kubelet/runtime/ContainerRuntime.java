package dev.kplane.kubelet.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the kubelet needs from a container runtime, in the kubelet's own terms. {@link CriRuntime} speaks CRI
 * (runtime.v1) to containerd; tests use a fake. Every sandbox and container the kubelet creates carries the
 * labels of {@link Labels}, so a restarted kubelet adopts them and several kubelets can share one runtime.
 */
public interface ContainerRuntime extends AutoCloseable {
  /** The runtime's name and version, e.g. ("containerd", "1.6.20"). */
  RuntimeVersion version();

  /** The sandboxes carrying all these labels, in any state. */
  List<Sandbox> sandboxes(Map<String, String> labels);

  /**
   * The containers carrying all these labels, in any state; with exit code, reason and start/finish times only
   * when withStatus (one more call per container).
   */
  List<Container> containers(Map<String, String> labels, boolean withStatus);

  /** Creates and starts a sandbox; returns its id. */
  String runSandbox(SandboxSpec spec);

  /** The sandbox's pod IPs (empty for host-network sandboxes or when the runtime gave none). */
  List<String> sandboxIps(String sandboxId);

  void stopSandbox(String sandboxId);

  void removeSandbox(String sandboxId);

  /** Makes sure the image is present (a local import suffices); returns its image reference (id/digest). */
  String ensureImage(String image);

  /** Creates a container in the sandbox and starts it; returns its id. */
  String startContainer(String sandboxId, SandboxSpec sandbox, ContainerSpec spec);

  /** Stops a container, sending SIGKILL after the timeout. */
  void stopContainer(String containerId, Duration timeout);

  void removeContainer(String containerId);

  /** Runs a command in a container; returns its exit code and combined output. */
  ExecResult exec(String containerId, List<String> command, Duration timeout);

  @Override
  void close();

  record RuntimeVersion(String name, String version) {}

  record ExecResult(int exitCode, String output) {}
}
