package dev.kplane.kubelet.server;

import dev.kplane.cri.v1.AttachRequest;
import dev.kplane.cri.v1.ExecSyncRequest;
import dev.kplane.cri.v1.ExecSyncResponse;
import dev.kplane.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.kplane.relay.WebSocketRelay;
import io.grpc.StatusRuntimeException;
import io.undertow.server.HttpServerExchange;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /exec/<ns>/<pod>/<container>?command=...&input=1&output=1&error=1&tty=1} over a WebSocket speaking
 * v5/v4.channel.k8s.io. A command without stdin and tty runs through CRI ExecSync: its output is sent when it
 * ends, then the status. Interactive exec (stdin or tty) is relayed to the runtime's streaming server.
 */
final class ExecHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ExecHandler.class);

  private final ContainerLocator locator;
  private final RuntimeServiceBlockingStub runtime;
  private final ExecutorService executor;
  private static final HttpClient STREAMS = HttpClient.newHttpClient();
  /** What the client may choose from, in this order of preference. */
  private static final Set<String> PROTOCOLS = new LinkedHashSet<>(List.of(Channels.V5, Channels.V4));

  ExecHandler(ContainerLocator locator, RuntimeServiceBlockingStub runtime, ExecutorService executor) {
    this.locator = locator;
    this.runtime = runtime;
    this.executor = executor;
  }

  /** The request's stream flags and command, as kube-apiserver's streamParams writes them. */
  record ExecRequest(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    static ExecRequest of(HttpServerExchange ex) {
      var q = ex.getQueryParameters();
      return new ExecRequest(List.copyOf(q.getOrDefault("command", new ArrayDeque<>())), LogOptions.flag(q, "input"),
          LogOptions.flag(q, "output"), LogOptions.flag(q, "error"), LogOptions.flag(q, "tty"));
    }
  }

  /** {@code /attach/<ns>/<pod>/<container>}: the container's own stdio, always through the streaming server. */
  void attach(HttpServerExchange ex, String namespace, String pod, String container) throws Exception {
    ExecRequest request = ExecRequest.of(ex);
    String containerId;
    try {
      containerId = locator.locate(namespace, pod, container, false).containerId();
    } catch (ContainerLocator.LocateException x) {
      KubeletServer.sendText(ex, x.code(), x.getMessage());
      return;
    }
    String url;
    try {
      url = runtime.attach(AttachRequest.newBuilder().setContainerId(containerId).setStdin(request.stdin())
          .setStdout(request.stdout()).setStderr(request.stderr() && !request.tty()).setTty(request.tty()).build())
          .getUrl();
    } catch (StatusRuntimeException x) {
      KubeletServer.sendText(ex, 500, "failed to attach to container: " + x.getStatus().getDescription());
      return;
    }
    relay(ex, url);
  }

  void handle(HttpServerExchange ex, String namespace, String pod, String container) throws Exception {
    ExecRequest request = ExecRequest.of(ex);
    if (request.command().isEmpty()) {
      KubeletServer.sendText(ex, 400, "you must specify at least 1 command");
      return;
    }
    ContainerLocator.Located located;
    try {
      located = locator.locate(namespace, pod, container, false);
    } catch (ContainerLocator.LocateException x) {
      KubeletServer.sendText(ex, x.code(), x.getMessage());
      return;
    }
    if (request.stdin() || request.tty()) {
      interactive(ex, located.containerId(), request);
      return;
    }
    WebSocketConnectionCallback onConnect = (wsExchange, channel) -> {
      channel.getReceiveSetter().set(new AbstractReceiveListener() {});
      channel.resumeReceives();
      executor.execute(() -> run(channel, located.containerId(), request));
    };
    new WebSocketProtocolHandshakeHandler(Set.of(new Hybi13Handshake(PROTOCOLS, false)), onConnect).handleRequest(ex);
  }

  /**
   * stdin or tty: CRI Exec gives a URL on the runtime's streaming server; the client is joined to it (dialled
   * first, so a refusal is still an HTTP error). The simulated runtime has no streaming server.
   */
  private void interactive(HttpServerExchange ex, String containerId, ExecRequest request) throws Exception {
    String url;
    try {
      url = runtime.exec(dev.kplane.cri.v1.ExecRequest.newBuilder().setContainerId(containerId)
          .addAllCmd(request.command()).setStdin(request.stdin()).setStdout(request.stdout())
          .setStderr(request.stderr() && !request.tty()).setTty(request.tty()).build()).getUrl();
    } catch (StatusRuntimeException x) {
      KubeletServer.sendText(ex, 500, "failed to exec in container: " + x.getStatus().getDescription());
      return;
    }
    relay(ex, url);
  }

  private static void relay(HttpServerExchange ex, String url) throws Exception {
    // v5's close signal (channel 255) has no v4 equivalent (containerd speaks v4): an interactive shell ends with
    // the command instead
    WebSocketRelay relay = new WebSocketRelay(frame -> frame.remaining() > 0 && frame.get(0) == Channels.CLOSE);
    WebSocket upstream;
    try {
      upstream = STREAMS.newWebSocketBuilder().subprotocols(Channels.V4).connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(url.replaceFirst("^http", "ws")), relay.listener()).get();
    } catch (ExecutionException x) {
      KubeletServer.sendText(ex, 500, "error dialing the runtime's streaming server: " + x.getCause());
      return;
    }
    relay.join(ex, upstream, PROTOCOLS);
  }

  private void run(WebSocketChannel channel, String containerId, ExecRequest request) {
    try {
      ExecSyncResponse r;
      try {
        r = runtime.execSync(ExecSyncRequest.newBuilder().setContainerId(containerId)
            .addAllCmd(request.command()).build());
      } catch (StatusRuntimeException x) {
        send(channel, Channels.ERROR, Channels.internalError(String.valueOf(x.getStatus().getDescription())));
        return;
      }
      if (request.stdout() && !r.getStdout().isEmpty()) {
        send(channel, Channels.STDOUT, r.getStdout().toByteArray());
      }
      if (request.stderr() && !r.getStderr().isEmpty()) {
        send(channel, Channels.STDERR, r.getStderr().toByteArray());
      }
      send(channel, Channels.ERROR, r.getExitCode() == 0 ? Channels.success()
          : Channels.exitCode(r.getExitCode(), "command '" + String.join(" ", request.command()) + "' exited with "
              + r.getExitCode() + ": " + r.getStderr().toStringUtf8()));
    } catch (IOException x) {
      LOG.debug("exec client left", x);
    } finally {
      try {
        WebSockets.sendCloseBlocking(1000, "", channel);
        channel.close();
      } catch (IOException x) {
        // already closed
      }
    }
  }

  private static void send(WebSocketChannel channel, byte ch, byte[] data) throws IOException {
    WebSockets.sendBinaryBlocking(Channels.frame(ch, data), channel);
  }
}
