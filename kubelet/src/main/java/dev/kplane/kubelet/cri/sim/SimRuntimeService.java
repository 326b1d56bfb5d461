package dev.kplane.kubelet.cri.sim;

import dev.kplane.cri.v1.ContainerAttributes;
import dev.kplane.cri.v1.ContainerFilter;
import dev.kplane.cri.v1.ContainerState;
import dev.kplane.cri.v1.ContainerStats;
import dev.kplane.cri.v1.ContainerStatusRequest;
import dev.kplane.cri.v1.ContainerStatusResponse;
import dev.kplane.cri.v1.CreateContainerRequest;
import dev.kplane.cri.v1.CreateContainerResponse;
import dev.kplane.cri.v1.ExecSyncRequest;
import dev.kplane.cri.v1.ExecSyncResponse;
import dev.kplane.cri.v1.ListContainerStatsRequest;
import dev.kplane.cri.v1.ListContainerStatsResponse;
import dev.kplane.cri.v1.ListContainersRequest;
import dev.kplane.cri.v1.ListContainersResponse;
import dev.kplane.cri.v1.ListPodSandboxRequest;
import dev.kplane.cri.v1.ListPodSandboxResponse;
import dev.kplane.cri.v1.PodSandboxStatusRequest;
import dev.kplane.cri.v1.PodSandboxStatusResponse;
import dev.kplane.cri.v1.RemoveContainerRequest;
import dev.kplane.cri.v1.RemoveContainerResponse;
import dev.kplane.cri.v1.RemovePodSandboxRequest;
import dev.kplane.cri.v1.RemovePodSandboxResponse;
import dev.kplane.cri.v1.ReopenContainerLogRequest;
import dev.kplane.cri.v1.ReopenContainerLogResponse;
import dev.kplane.cri.v1.RunPodSandboxRequest;
import dev.kplane.cri.v1.RunPodSandboxResponse;
import dev.kplane.cri.v1.RuntimeCondition;
import dev.kplane.cri.v1.RuntimeServiceGrpc;
import dev.kplane.cri.v1.RuntimeStatus;
import dev.kplane.cri.v1.StartContainerRequest;
import dev.kplane.cri.v1.StartContainerResponse;
import dev.kplane.cri.v1.StatusRequest;
import dev.kplane.cri.v1.StatusResponse;
import dev.kplane.cri.v1.StopContainerRequest;
import dev.kplane.cri.v1.StopContainerResponse;
import dev.kplane.cri.v1.StopPodSandboxRequest;
import dev.kplane.cri.v1.StopPodSandboxResponse;
import dev.kplane.cri.v1.UpdateContainerResourcesRequest;
import dev.kplane.cri.v1.UpdateContainerResourcesResponse;
import dev.kplane.cri.v1.UpdateRuntimeConfigRequest;
import dev.kplane.cri.v1.UpdateRuntimeConfigResponse;
import dev.kplane.cri.v1.VersionRequest;
import dev.kplane.cri.v1.VersionResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;

/**
 * CRI RuntimeService of the simulated runtime. Exec, Attach and PortForward (streaming through a runtime's
 * streaming server) are left unimplemented; ExecSync answers, so exec probes and non-interactive exec work.
 */
final class SimRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
  static final String RUNTIME_NAME = "kplane-simulated";
  static final String RUNTIME_VERSION = "0.1.0";

  private final SimState state;
  private final Duration sandboxDelay;
  private final Duration startDelay;

  SimRuntimeService(SimState state, Duration sandboxDelay, Duration startDelay) {
    this.state = state;
    this.sandboxDelay = sandboxDelay;
    this.startDelay = startDelay;
  }

  @Override
  public void version(VersionRequest r, StreamObserver<VersionResponse> o) {
    Replies.now(o, () -> VersionResponse.newBuilder().setVersion("0.1.0").setRuntimeName(RUNTIME_NAME)
        .setRuntimeVersion(RUNTIME_VERSION).setRuntimeApiVersion("v1").build());
  }

  @Override
  public void status(StatusRequest r, StreamObserver<StatusResponse> o) {
    Replies.now(o, () -> StatusResponse.newBuilder().setStatus(RuntimeStatus.newBuilder()
        .addConditions(RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true))
        .addConditions(RuntimeCondition.newBuilder().setType("NetworkReady").setStatus(true))).build());
  }

  @Override
  public void runPodSandbox(RunPodSandboxRequest r, StreamObserver<RunPodSandboxResponse> o) {
    Replies.after(sandboxDelay, o, () -> RunPodSandboxResponse.newBuilder()
        .setPodSandboxId(state.runPodSandbox(r.getConfig(), r.getRuntimeHandler())).build());
  }

  @Override
  public void stopPodSandbox(StopPodSandboxRequest r, StreamObserver<StopPodSandboxResponse> o) {
    Replies.now(o, () -> {
      state.stopPodSandbox(r.getPodSandboxId());
      return StopPodSandboxResponse.getDefaultInstance();
    });
  }

  @Override
  public void removePodSandbox(RemovePodSandboxRequest r, StreamObserver<RemovePodSandboxResponse> o) {
    Replies.now(o, () -> {
      state.removePodSandbox(r.getPodSandboxId());
      return RemovePodSandboxResponse.getDefaultInstance();
    });
  }

  @Override
  public void podSandboxStatus(PodSandboxStatusRequest r, StreamObserver<PodSandboxStatusResponse> o) {
    Replies.now(o, () -> PodSandboxStatusResponse.newBuilder().setStatus(state.podSandboxStatus(r.getPodSandboxId()))
        .addAllContainersStatuses(state.containerStatuses(r.getPodSandboxId()))
        .setTimestamp(state.now()).build());
  }

  @Override
  public void listPodSandbox(ListPodSandboxRequest r, StreamObserver<ListPodSandboxResponse> o) {
    Replies.now(o, () -> ListPodSandboxResponse.newBuilder().addAllItems(state.listPodSandbox(r.getFilter())).build());
  }

  @Override
  public void createContainer(CreateContainerRequest r, StreamObserver<CreateContainerResponse> o) {
    Replies.now(o, () -> CreateContainerResponse.newBuilder()
        .setContainerId(state.createContainer(r.getPodSandboxId(), r.getConfig())).build());
  }

  @Override
  public void startContainer(StartContainerRequest r, StreamObserver<StartContainerResponse> o) {
    Replies.after(startDelay, o, () -> {
      state.startContainer(r.getContainerId());
      return StartContainerResponse.getDefaultInstance();
    });
  }

  @Override
  public void stopContainer(StopContainerRequest r, StreamObserver<StopContainerResponse> o) {
    Replies.now(o, () -> {
      state.stopContainer(r.getContainerId());
      return StopContainerResponse.getDefaultInstance();
    });
  }

  @Override
  public void removeContainer(RemoveContainerRequest r, StreamObserver<RemoveContainerResponse> o) {
    Replies.now(o, () -> {
      state.removeContainer(r.getContainerId());
      return RemoveContainerResponse.getDefaultInstance();
    });
  }

  @Override
  public void listContainers(ListContainersRequest r, StreamObserver<ListContainersResponse> o) {
    Replies.now(o, () -> ListContainersResponse.newBuilder().addAllContainers(state.listContainers(r.getFilter())).build());
  }

  @Override
  public void containerStatus(ContainerStatusRequest r, StreamObserver<ContainerStatusResponse> o) {
    Replies.now(o, () -> ContainerStatusResponse.newBuilder().setStatus(state.containerStatus(r.getContainerId())).build());
  }

  @Override
  public void updateContainerResources(UpdateContainerResourcesRequest r,
      StreamObserver<UpdateContainerResourcesResponse> o) {
    Replies.now(o, () -> {
      state.updateContainerResources(r.getContainerId(), r.getLinux());
      return UpdateContainerResourcesResponse.getDefaultInstance();
    });
  }

  @Override
  public void reopenContainerLog(ReopenContainerLogRequest r, StreamObserver<ReopenContainerLogResponse> o) {
    Replies.now(o, () -> {
      state.containerStatus(r.getContainerId());
      return ReopenContainerLogResponse.getDefaultInstance();
    });
  }

  @Override
  public void execSync(ExecSyncRequest r, StreamObserver<ExecSyncResponse> o) {
    Replies.now(o, () -> state.execSync(r.getContainerId(), r.getCmdList()));
  }

  /** Running containers with their attributes and no usage: nothing runs, so nothing is used. */
  @Override
  public void listContainerStats(ListContainerStatsRequest r, StreamObserver<ListContainerStatsResponse> o) {
    Replies.now(o, () -> {
      ListContainerStatsResponse.Builder b = ListContainerStatsResponse.newBuilder();
      state.listContainers(ContainerFilter.newBuilder().setId(r.getFilter().getId())
              .setPodSandboxId(r.getFilter().getPodSandboxId()).putAllLabelSelector(r.getFilter().getLabelSelectorMap())
              .build()).stream()
          .filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING)
          .forEach(c -> b.addStats(ContainerStats.newBuilder().setAttributes(ContainerAttributes.newBuilder()
              .setId(c.getId()).setMetadata(c.getMetadata()).putAllLabels(c.getLabelsMap())
              .putAllAnnotations(c.getAnnotationsMap()))));
      return b.build();
    });
  }

  /** The pod CIDR the kubelet passes is not used: the simulated IPs come from the runtime's own range. */
  @Override
  public void updateRuntimeConfig(UpdateRuntimeConfigRequest r, StreamObserver<UpdateRuntimeConfigResponse> o) {
    Replies.now(o, UpdateRuntimeConfigResponse::getDefaultInstance);
  }
}
