package dev.kplane.kubelet.server;

import java.nio.file.Path;

/**
 * What the kubelet's HTTP server asks the node agent: which CRI container serves (namespace, pod, container) and
 * where its CRI log file is. The node agent answers from its own state (its pods and their CRI containers).
 */
@FunctionalInterface
public interface ContainerLocator {
  /**
   * @param previous the last terminated instance of the container instead of the current one ({@code kubectl logs -p})
   * @throws LocateException with kube's status code and message when the pod or container is not there (yet)
   */
  Located locate(String namespace, String pod, String container, boolean previous) throws LocateException;

  /** A CRI container id and its log file (ContainerStatus.log_path); the path may be null for exec-only use. */
  record Located(String containerId, Path logPath) {}

  /** Why a container cannot be located, with the kubelet's HTTP code and message (pkg/kubelet/server). */
  final class LocateException extends Exception {
    private final int code;

    public LocateException(int code, String message) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static LocateException podNotFound(String pod) {
      return new LocateException(404, "pod \"" + pod + "\" does not exist");
    }

    public static LocateException containerNotFound(String container, String pod) {
      return new LocateException(404, "container \"" + container + "\" not found in pod \"" + pod + "\"");
    }

    /** A container that has no CRI container yet; reason is its waiting reason, e.g. ContainerCreating. */
    public static LocateException waiting(String container, String pod, String reason) {
      return new LocateException(400,
          "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: " + reason);
    }

    public static LocateException previousNotFound(String container, String pod) {
      return new LocateException(400,
          "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
    }
  }
}
