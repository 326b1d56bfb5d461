package dev.kplane.kubelet.runtime;

/** The CRI labels and annotations the kubelet writes on sandboxes and containers (the real kubelet's names). */
public final class Labels {
  private Labels() {}

  public static final String POD_NAME = "io.kubernetes.pod.name";
  public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
  public static final String POD_UID = "io.kubernetes.pod.uid";
  public static final String CONTAINER_NAME = "io.kubernetes.container.name";
  /** kplane's own: which kubelet owns the object, since several kubelets may share one containerd. */
  public static final String NODE = "kplane.dev/node";

  public static final String RESTART_COUNT = "io.kubernetes.container.restartCount";
  public static final String TERMINATION_GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
  public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
}
