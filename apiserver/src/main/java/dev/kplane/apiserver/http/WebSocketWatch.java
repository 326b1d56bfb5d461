package dev.kplane.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.registry.ListOptions;
import dev.kplane.apiserver.registry.Watcher;
import dev.kplane.schemas.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WATCH over WebSocket, as kube-apiserver serves it to clients that upgrade the connection (fabric8 does by
 * default): one text frame per watch event, the same JSON as a line of the chunked stream.
 */
final class WebSocketWatch {
  private static final Logger log = LoggerFactory.getLogger(WebSocketWatch.class);

  private WebSocketWatch() {}

  static boolean isUpgrade(HttpServerExchange ex) {
    return ex.getRequestMethod().equals(Methods.GET)
        && "websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst(Headers.UPGRADE));
  }

  /**
   * Upgrades the connection and runs the watch on the executor until the watch ends or the client closes. The
   * options are read before the upgrade, so a malformed request still gets its HTTP error.
   */
  static void serve(HttpServerExchange ex, ApiPath p, ListOptions options, Watcher watcher, ExecutorService executor)
      throws Exception {
    WebSocketConnectionCallback onConnect = (wsExchange, channel) -> {
      channel.getReceiveSetter().set(new AbstractReceiveListener() {});
      channel.resumeReceives();
      executor.execute(() -> run(channel, p, options, watcher));
    };
    new WebSocketProtocolHandshakeHandler(onConnect).handleRequest(ex);
  }

  private static void run(WebSocketChannel channel, ApiPath p, ListOptions options, Watcher watcher) {
    Watcher.Sink sink = new Watcher.Sink() {
      @Override
      public void send(String type, ObjectNode object) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        WebSockets.sendTextBlocking(Json.write(event), channel);
      }

      @Override
      public boolean closed() {
        return !channel.isOpen() || channel.isCloseFrameReceived();
      }
    };
    try {
      watcher.run(p.type(), p.namespace(), options, sink);
    } catch (ApiException e) {
      try {
        sink.send("ERROR", e.status());
      } catch (IOException gone) {
        // the client left first
      }
    } catch (IOException e) {
      // the client left
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("websocket watch of {} failed", p.type().groupResource(), e);
    } finally {
      try {
        WebSockets.sendCloseBlocking(1000, "", channel);
        channel.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
