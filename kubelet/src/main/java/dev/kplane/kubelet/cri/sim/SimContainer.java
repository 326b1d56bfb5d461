package dev.kplane.kubelet.cri.sim;

import dev.kplane.cri.v1.Container;
import dev.kplane.cri.v1.ContainerConfig;
import dev.kplane.cri.v1.ContainerResources;
import dev.kplane.cri.v1.ContainerState;
import dev.kplane.cri.v1.ContainerStatus;
import dev.kplane.cri.v1.LinuxContainerResources;

/**
 * One simulated container. A container started with a run time (see {@link SimState#RUN_SECONDS_ENV}) exits by
 * itself: its state is computed from the clock when it is read, so thousands of containers need no timers.
 * Guarded by the lock of its {@link SimState}.
 */
final class SimContainer {
  final String id;
  final String sandboxId;
  final ContainerConfig config;
  final String imageRef;
  final String logPath;
  final long createdAt;
  ContainerState state = ContainerState.CONTAINER_CREATED;
  long startedAt;
  long finishedAt;
  int exitCode;
  LinuxContainerResources resources;
  /** When a self-terminating container exits (nanoseconds since the epoch), 0 for a container that runs on. */
  long exitsAt;
  int exitCodeWhenDone;

  SimContainer(String id, String sandboxId, ContainerConfig config, String imageRef, String logPath, long createdAt) {
    this.id = id;
    this.sandboxId = sandboxId;
    this.config = config;
    this.imageRef = imageRef;
    this.logPath = logPath;
    this.createdAt = createdAt;
    this.resources = config.getLinux().getResources();
  }

  /** Applies a due self-exit; every read goes through here first. */
  void advance(long now) {
    if (state == ContainerState.CONTAINER_RUNNING && exitsAt > 0 && now >= exitsAt) {
      exit(exitsAt, exitCodeWhenDone);
    }
  }

  void exit(long at, int code) {
    state = ContainerState.CONTAINER_EXITED;
    finishedAt = at;
    exitCode = code;
  }

  /** containerd's reasons for an exited container. */
  String reason() {
    if (state != ContainerState.CONTAINER_EXITED) {
      return "";
    }
    return exitCode == 0 ? "Completed" : "Error";
  }

  Container toProto() {
    return Container.newBuilder().setId(id).setPodSandboxId(sandboxId).setMetadata(config.getMetadata())
        .setImage(config.getImage()).setImageRef(imageRef).setImageId(imageRef).setState(state)
        .setCreatedAt(createdAt).putAllLabels(config.getLabelsMap()).putAllAnnotations(config.getAnnotationsMap())
        .build();
  }

  ContainerStatus status() {
    return ContainerStatus.newBuilder().setId(id).setMetadata(config.getMetadata()).setState(state)
        .setCreatedAt(createdAt).setStartedAt(startedAt).setFinishedAt(finishedAt).setExitCode(exitCode)
        .setImage(config.getImage()).setImageRef(imageRef).setImageId(imageRef).setReason(reason())
        .putAllLabels(config.getLabelsMap()).putAllAnnotations(config.getAnnotationsMap())
        .addAllMounts(config.getMountsList()).setLogPath(logPath)
        .setResources(ContainerResources.newBuilder().setLinux(resources)).build();
  }
}
