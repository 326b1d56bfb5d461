package dev.kplane.kubelet.probe;

import dev.kplane.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Runs one probe once: exec through the runtime, an HTTP GET, or a TCP connect (kubelet's prober.runProbe). */
public final class Prober {
  private final ContainerRuntime runtime;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  public Prober(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  public ProbeResult probe(Probe p, Container c, String containerId, String podIp) {
    Duration timeout = Duration.ofSeconds(p.getTimeoutSeconds() == null || p.getTimeoutSeconds() < 1 ? 1 : p.getTimeoutSeconds());
    try {
      if (p.getExec() != null) {
        return runtime.exec(containerId, p.getExec().getCommand(), timeout).exitCode() == 0
            ? ProbeResult.SUCCESS : ProbeResult.FAILURE;
      }
      if (p.getHttpGet() != null) {
        var g = p.getHttpGet();
        String host = g.getHost() == null || g.getHost().isEmpty() ? podIp : g.getHost();
        String scheme = g.getScheme() == null ? "http" : g.getScheme().toLowerCase();
        String path = g.getPath() == null || g.getPath().isEmpty() ? "/" : g.getPath();
        if (!path.startsWith("/")) {
          path = "/" + path;
        }
        int port = port(g.getPort(), c);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(scheme + "://" + hostPort(host, port) + path))
            .timeout(timeout).header("User-Agent", "kube-probe/1.32").header("Accept", "*/*").GET();
        if (g.getHttpHeaders() != null) {
          g.getHttpHeaders().forEach(h -> req.setHeader(h.getName(), h.getValue()));
        }
        int code = http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        return code >= 200 && code < 400 ? ProbeResult.SUCCESS : ProbeResult.FAILURE;
      }
      if (p.getTcpSocket() != null) {
        var t = p.getTcpSocket();
        String host = t.getHost() == null || t.getHost().isEmpty() ? podIp : t.getHost();
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(host, port(t.getPort(), c)), (int) timeout.toMillis());
        }
        return ProbeResult.SUCCESS;
      }
      if (p.getGrpc() != null) {
        return ProbeResult.UNKNOWN;
      }
      return ProbeResult.UNKNOWN;
    } catch (IOException | RuntimeException x) {
      return ProbeResult.FAILURE;
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return ProbeResult.UNKNOWN;
    }
  }

  /** A numeric port, or a named one looked up in the container's ports. */
  static int port(IntOrString port, Container c) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    List<ContainerPort> ports = c.getPorts();
    for (ContainerPort cp : ports) {
      if (name.equals(cp.getName())) {
        return cp.getContainerPort();
      }
    }
    return Integer.parseInt(name);
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
