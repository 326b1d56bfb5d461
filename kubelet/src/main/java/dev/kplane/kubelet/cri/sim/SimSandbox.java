package dev.kplane.kubelet.cri.sim;

import dev.kplane.cri.v1.NamespaceMode;
import dev.kplane.cri.v1.PodSandbox;
import dev.kplane.cri.v1.PodSandboxConfig;
import dev.kplane.cri.v1.PodSandboxNetworkStatus;
import dev.kplane.cri.v1.PodSandboxState;
import dev.kplane.cri.v1.PodSandboxStatus;

/** One simulated pod sandbox. Guarded by the lock of its {@link SimState}. */
final class SimSandbox {
  final String id;
  final PodSandboxConfig config;
  final String runtimeHandler;
  final long createdAt;
  /** Empty for host-network pods (the kubelet then reports the node's IP) and once the sandbox is stopped. */
  String ip;
  PodSandboxState state = PodSandboxState.SANDBOX_READY;

  SimSandbox(String id, PodSandboxConfig config, String runtimeHandler, long createdAt, String ip) {
    this.id = id;
    this.config = config;
    this.runtimeHandler = runtimeHandler;
    this.createdAt = createdAt;
    this.ip = ip;
  }

  static boolean hostNetwork(PodSandboxConfig config) {
    return config.getLinux().getSecurityContext().getNamespaceOptions().getNetwork() == NamespaceMode.NODE;
  }

  PodSandbox toProto() {
    return PodSandbox.newBuilder().setId(id).setMetadata(config.getMetadata()).setState(state)
        .setCreatedAt(createdAt).putAllLabels(config.getLabelsMap()).putAllAnnotations(config.getAnnotationsMap())
        .setRuntimeHandler(runtimeHandler).build();
  }

  PodSandboxStatus status() {
    return PodSandboxStatus.newBuilder().setId(id).setMetadata(config.getMetadata()).setState(state)
        .setCreatedAt(createdAt).setNetwork(PodSandboxNetworkStatus.newBuilder().setIp(ip))
        .putAllLabels(config.getLabelsMap()).putAllAnnotations(config.getAnnotationsMap())
        .setRuntimeHandler(runtimeHandler).build();
  }
}
