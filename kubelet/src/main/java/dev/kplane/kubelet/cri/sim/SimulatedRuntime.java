package dev.kplane.kubelet.cri.sim;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATED CRI runtime, for scale tests only: it speaks CRI runtime.v1 (RuntimeService and ImageService) but
 * runs nothing. Sandboxes and containers live in memory, containers "run" once StartContainer has answered after
 * a configurable delay, stop on StopContainer (or exit on {@link #exitContainer} or after the run time their env
 * asks for, see {@link SimState#RUN_SECONDS_ENV}), ExecSync succeeds, pod IPs come from a fake range. Served on a
 * unix socket (as containerd) or in-process by name, so a benchmark runs thousands of node agents in one JVM.
 */
public final class SimulatedRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedRuntime.class);

  /**
   * @param sandboxDelay how long RunPodSandbox takes (containerd: 80-130 ms warm)
   * @param startDelay how long StartContainer takes
   * @param podCidr the IPv4 range pod IPs come from
   * @param writeLogs whether a started container writes one line to its CRI log file (when the kubelet names one)
   */
  public record Config(Duration sandboxDelay, Duration startDelay, String podCidr, boolean writeLogs, Clock clock) {
    public static Config defaults() {
      return new Config(Duration.ZERO, Duration.ZERO, "10.88.0.0/16", false, Clock.systemUTC());
    }

    public Config withDelays(Duration sandbox, Duration start) {
      return new Config(sandbox, start, podCidr, writeLogs, clock);
    }

    public Config withPodCidr(String cidr) {
      return new Config(sandboxDelay, startDelay, cidr, writeLogs, clock);
    }

    public Config withLogs(boolean write) {
      return new Config(sandboxDelay, startDelay, podCidr, write, clock);
    }

    public Config withClock(Clock c) {
      return new Config(sandboxDelay, startDelay, podCidr, writeLogs, c);
    }
  }

  private final SimState state;
  private final Server server;
  private final EventLoopGroup eventLoops;

  private SimulatedRuntime(SimState state, Server server, EventLoopGroup eventLoops) {
    this.state = state;
    this.server = server;
    this.eventLoops = eventLoops;
  }

  /** Serves under this in-process name; connect with {@code CriClient.inProcess(name)}. */
  public static SimulatedRuntime serveInProcess(String name, Config config) {
    SimState state = state(config);
    Server server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new SimRuntimeService(state, config.sandboxDelay(), config.startDelay()))
        .addService(new SimImageService(state)).build();
    return start(state, server, null, "in-process name " + name);
  }

  /** Serves on this unix socket (replacing a stale socket file); connect with {@code CriClient.connect(socket)}. */
  public static SimulatedRuntime serveUnix(Path socket, Config config) {
    SimState state = state(config);
    try {
      Files.createDirectories(socket.toAbsolutePath().getParent());
      Files.deleteIfExists(socket);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    EventLoopGroup loops = new EpollEventLoopGroup(1);
    Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toAbsolutePath().toString()))
        .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(loops).workerEventLoopGroup(loops)
        .addService(new SimRuntimeService(state, config.sandboxDelay(), config.startDelay()))
        .addService(new SimImageService(state)).build();
    return start(state, server, loops, "unix socket " + socket);
  }

  private static SimState state(Config config) {
    return new SimState(config.clock(), config.podCidr(), config.writeLogs());
  }

  private static SimulatedRuntime start(SimState state, Server server, EventLoopGroup loops, String where) {
    try {
      server.start();
    } catch (IOException x) {
      if (loops != null) {
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      }
      throw new UncheckedIOException(x);
    }
    LOG.info("SIMULATED CRI runtime (scale tests only, runs no containers) serving on {}", where);
    return new SimulatedRuntime(state, server, loops);
  }

  /** Makes a running container exit now with this code, as if its process had ended. */
  public void exitContainer(String containerId, int exitCode) {
    state.exitContainer(containerId, exitCode);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
    if (eventLoops != null) {
      eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
