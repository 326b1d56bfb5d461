package dev.kplane.kubelet.cri;

import dev.kplane.cri.v1.ImageServiceGrpc;
import dev.kplane.cri.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.kplane.cri.v1.RuntimeServiceGrpc;
import dev.kplane.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a CRI runtime (runtime.v1): the two blocking stubs the kubelet calls. Over a unix socket
 * (containerd's /run/containerd/containerd.sock; grpc-netty-shaded's epoll transport) or, for the simulated
 * runtime in scale tests, in-process by name.
 */
public final class CriClient implements AutoCloseable {
  /** The kubelet's CRI client raises grpc's 4 MiB default to 16 MiB (ListContainers on a full node is large). */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final ManagedChannel channel;
  private final RuntimeServiceBlockingStub runtime;
  private final ImageServiceBlockingStub images;

  private CriClient(ManagedChannel channel) {
    this.channel = channel;
    this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
    this.images = ImageServiceGrpc.newBlockingStub(channel);
  }

  /** A client of the runtime listening on this unix socket (the channel connects lazily, on the first call). */
  public static CriClient connect(Path unixSocket) {
    return new CriClient(Grpc.newChannelBuilder("unix://" + unixSocket.toAbsolutePath(),
            InsecureChannelCredentials.create())
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .build());
  }

  /** A client of a runtime served in this JVM under this name (see SimulatedRuntime#serveInProcess). */
  public static CriClient inProcess(String name) {
    return new CriClient(InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  public RuntimeServiceBlockingStub runtime() {
    return runtime;
  }

  public ImageServiceBlockingStub images() {
    return images;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }
}
