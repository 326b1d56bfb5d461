package dev.kplane.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.relay.WebSocketRelay;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * pods/exec and pods/attach over WebSocket (kubectl 1.32 asks for v5.channel.k8s.io first): validates the
 * PodExecOptions, then joins the client's WebSocket to the kubelet's {@code /exec/<ns>/<pod>/<container>} (or
 * /attach) with the parameters kube-apiserver's streamParams sends (input, output, error, tty, command).
 */
public final class PodExecProxy {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final ObjectStore store;

  public PodExecProxy(ObjectStore store) {
    this.store = store;
  }

  public static boolean serves(String subresource) {
    return "exec".equals(subresource) || "attach".equals(subresource);
  }

  /** Blocks while it connects to the kubelet: call it off the IO threads. */
  public void connect(HttpServerExchange ex, String subresource, String namespace, String name) throws Exception {
    Map<String, Deque<String>> q = ex.getQueryParameters();
    List<String> command = q.containsKey("command") ? List.copyOf(q.get("command")) : List.of();
    boolean stdin = PodLogProxy.flag(q, "stdin");
    boolean stdout = PodLogProxy.flag(q, "stdout");
    boolean stderr = PodLogProxy.flag(q, "stderr");
    boolean tty = PodLogProxy.flag(q, "tty");
    if (subresource.equals("exec") && command.isEmpty()) {
      throw Status.badRequest("you must specify at least 1 command");
    }
    if (!stdin && !stdout && !stderr) {
      throw Status.badRequest("you must specify at least 1 of stdin, stdout, stderr");
    }
    ObjectNode pod = store.get(KubeletLocation.PODS, namespace, name, null);
    String container = KubeletLocation.container(pod, PodLogProxy.first(q, "container"));
    KubeletLocation kubelet = KubeletLocation.ofPod(store, pod);
    if (kubelet == null) {
      throw Status.badRequest("pod " + name + " does not have a host assigned");
    }
    List<String> params = new ArrayList<>();
    if (stdin) {
      params.add("input=1");
    }
    if (stdout) {
      params.add("output=1");
    }
    if (stderr) {
      params.add("error=1");
    }
    if (tty) {
      params.add("tty=1");
    }
    command.forEach(c -> params.add("command=" + URLEncoder.encode(c, StandardCharsets.UTF_8)));
    URI uri = URI.create("ws://" + kubelet.authority() + "/" + subresource + "/" + namespace + "/" + name + "/"
        + container + "?" + String.join("&", params));

    WebSocketRelay relay = new WebSocketRelay();
    WebSocket upstream = dial(uri, protocols(ex), relay);
    relay.join(ex, upstream);
  }

  private static WebSocket dial(URI uri, List<String> protocols, WebSocketRelay relay) throws InterruptedException {
    WebSocket.Builder b = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!protocols.isEmpty()) {
      b.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
    }
    try {
      return b.buildAsync(uri, relay.listener()).get();
    } catch (ExecutionException x) {
      if (x.getCause() instanceof WebSocketHandshakeException h) {
        Object body = h.getResponse().body();
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
            : body instanceof String s ? s : "the kubelet refused the upgrade";
        throw KubeletErrors.of(h.getResponse().statusCode(), text);
      }
      throw Status.internal("error dialing backend: " + x.getCause().getMessage());
    }
  }

  private static List<String> protocols(HttpServerExchange ex) {
    List<String> out = new ArrayList<>();
    for (String h : ex.getRequestHeaders().get("Sec-WebSocket-Protocol") == null ? List.<String>of()
        : ex.getRequestHeaders().get("Sec-WebSocket-Protocol")) {
      Arrays.stream(h.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }
}
