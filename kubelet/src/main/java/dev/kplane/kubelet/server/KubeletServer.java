package dev.kplane.kubelet.server;

import dev.kplane.cri.v1.ContainerState;
import dev.kplane.cri.v1.ContainerStatusRequest;
import dev.kplane.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's HTTP API, the part the API server proxies to (plain HTTP, no TLS or authentication yet):
 * {@code GET /containerLogs/<ns>/<pod>/<container>} (kubectl logs) and the WebSocket
 * {@code /exec/<ns>/<pod>/<container>} (kubectl exec) and {@code /attach/...} (kubectl attach), plus
 * {@code /healthz}. Port 0 picks a free port.
 */
public final class KubeletServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

  private final ContainerLocator locator;
  private final RuntimeServiceBlockingStub runtime;
  private final ExecutorService executor;
  private final ExecHandler exec;
  private final Undertow http;

  /**
   * @param runtime the CRI runtime (CriClient.runtime()): ExecSync for exec, ContainerStatus to end a followed log
   */
  public KubeletServer(int port, ContainerLocator locator, RuntimeServiceBlockingStub runtime) {
    this.locator = locator;
    this.runtime = runtime;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "kubelet-server");
      t.setDaemon(true);
      return t;
    });
    this.exec = new ExecHandler(locator, runtime, executor);
    this.http = Undertow.builder().addHttpListener(port, "0.0.0.0").setHandler(this::handle).build();
  }

  public void start() {
    http.start();
    LOG.info("kubelet server listening on port {}", port());
  }

  public int port() {
    return ((InetSocketAddress) http.getListenerInfo().get(0).getAddress()).getPort();
  }

  private void handle(HttpServerExchange ex) throws Exception {
    if (ex.isInIoThread()) {
      ex.dispatch(executor, this::handle);
      return;
    }
    String[] p = ex.getRequestPath().substring(1).split("/");
    if (p.length == 1 && p[0].equals("healthz")) {
      sendText(ex, 200, "ok");
    } else if (p.length == 4 && p[0].equals("containerLogs") && ex.getRequestMethod().equals(Methods.GET)) {
      ex.startBlocking();
      containerLogs(ex, p[1], p[2], p[3]);
    } else if (p.length == 4 && p[0].equals("exec")) {
      exec.handle(ex, p[1], p[2], p[3]);
    } else if (p.length == 4 && p[0].equals("attach")) {
      exec.attach(ex, p[1], p[2], p[3]);
    } else {
      sendText(ex, 404, "404 page not found");
    }
  }

  private void containerLogs(HttpServerExchange ex, String namespace, String pod, String container) throws Exception {
    LogOptions options;
    try {
      options = LogOptions.parse(ex.getQueryParameters(), Instant.now());
    } catch (RuntimeException x) {
      sendText(ex, 400, "unable to decode query: " + x.getMessage());
      return;
    }
    ContainerLocator.Located located;
    try {
      located = locator.locate(namespace, pod, container, options.previous());
    } catch (ContainerLocator.LocateException x) {
      sendText(ex, x.code(), x.getMessage());
      return;
    }
    if (located.logPath() == null || !Files.exists(located.logPath())) {
      sendText(ex, 400, "failed to try resolving symlinks in path \"" + located.logPath() + "\": no such file or directory");
      return;
    }
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    ex.setStatusCode(200);
    try (OutputStream out = ex.getOutputStream()) {
      // the reader sends the headers once it knows where it starts (a followed log may then say nothing for a while)
      new ContainerLogReader(options).copy(located.logPath(), out, () -> running(located.containerId()));
    } catch (IOException x) {
      LOG.debug("log client left", x);
    }
  }

  private boolean running(String containerId) {
    try {
      return runtime.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(containerId).build())
          .getStatus().getState() == ContainerState.CONTAINER_RUNNING;
    } catch (StatusRuntimeException x) {
      return false;
    }
  }

  /** Errors as the kubelet writes them: the message as plain text. */
  static void sendText(HttpServerExchange ex, int code, String text) {
    ex.setStatusCode(code);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(text + "\n");
  }

  @Override
  public void close() {
    http.stop();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }
}
