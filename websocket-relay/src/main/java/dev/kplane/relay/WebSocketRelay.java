package dev.kplane.relay;

import io.undertow.server.HttpServerExchange;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Joins a client's WebSocket (Undertow) to an upstream one (the JDK's client), message for message in both
 * directions. The upstream is connected first, offering the client's subprotocols, so the client is upgraded with
 * the protocol the upstream chose (or gets the upstream's HTTP error instead of an upgrade). Each direction has
 * one message in flight. Used by the API server (kubectl ↔ kubelet) and the kubelet (API server ↔ the runtime's
 * streaming server).
 */
public final class WebSocketRelay implements WebSocket.Listener {
  private final java.util.function.Predicate<ByteBuffer> dropToUpstream;
  private final CompletableFuture<WebSocketChannel> client = new CompletableFuture<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private WebSocket upstream;
  private CompletableFuture<?> upstreamSends = CompletableFuture.completedFuture(null);

  /** A relay of every message. */
  public WebSocketRelay() {
    this(frame -> false);
  }

  /** @param dropToUpstream client frames not to pass on (e.g. v5's close signal, which v4 upstreams do not know) */
  public WebSocketRelay(java.util.function.Predicate<ByteBuffer> dropToUpstream) {
    this.dropToUpstream = dropToUpstream;
  }

  /** The listener to connect the upstream with; it asks for messages only once the client is joined. */
  public WebSocket.Listener listener() {
    return this;
  }

  /** Upgrades the client with the upstream's subprotocol and starts relaying. */
  public void join(HttpServerExchange ex, WebSocket upstream) throws Exception {
    String protocol = upstream.getSubprotocol();
    join(ex, upstream, protocol == null || protocol.isEmpty() ? Set.of() : Set.of(protocol));
  }

  /** Upgrades the client with one of these subprotocols (its first choice among them) and starts relaying. */
  public void join(HttpServerExchange ex, WebSocket upstream, Set<String> protocols) throws Exception {
    this.upstream = upstream;
    WebSocketConnectionCallback onConnect = (wsExchange, channel) -> {
      channel.getReceiveSetter().set(new AbstractReceiveListener() {
        @Override
        protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
          var data = message.getData();
          try {
            ByteBuffer frame = copy(data.getResource());
            if (dropToUpstream.test(frame)) {
              return;
            }
            toUpstream(ws -> ws.sendBinary(frame, true));
          } finally {
            data.free();
          }
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
          String text = message.getData();
          toUpstream(ws -> ws.sendText(text, true));
        }

        @Override
        protected void onCloseMessage(CloseMessage cm, WebSocketChannel ch) {
          toUpstream(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
      });
      channel.resumeReceives();
      client.complete(channel);
      upstream.request(1);
    };
    new WebSocketProtocolHandshakeHandler(Set.of(new Hybi13Handshake(protocols, false)), onConnect).handleRequest(ex);
  }

  /** The JDK client allows one outstanding send: each waits for the one before (failed or not). */
  private synchronized void toUpstream(Function<WebSocket, CompletableFuture<WebSocket>> send) {
    upstreamSends = upstreamSends.handle((v, x) -> null).thenCompose(v -> send.apply(upstream));
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    // no request(1) yet: messages wait until the client is upgraded
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket upstream, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    partial.writeBytes(bytes);
    if (!last) {
      upstream.request(1);
      return null;
    }
    ByteBuffer whole = ByteBuffer.wrap(partial.toByteArray());
    partial.reset();
    client.thenAccept(ch -> WebSockets.sendBinary(whole, ch, requestNext(upstream)));
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket upstream, CharSequence data, boolean last) {
    String text = data.toString();
    client.thenAccept(ch -> WebSockets.sendText(text, ch, requestNext(upstream)));
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket upstream, int statusCode, String reason) {
    client.thenAccept(ch -> WebSockets.sendClose(statusCode, reason, ch, closeAfter()));
    return null;
  }

  @Override
  public void onError(WebSocket upstream, Throwable error) {
    client.thenAccept(ch -> WebSockets.sendClose(1011, "upstream failed", ch, closeAfter()));
  }

  private static WebSocketCallback<Void> requestNext(WebSocket upstream) {
    return new WebSocketCallback<>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {
        upstream.request(1);
      }

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
        upstream.abort();
      }
    };
  }

  private static WebSocketCallback<Void> closeAfter() {
    return new WebSocketCallback<>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {
        close(ch);
      }

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
        close(ch);
      }
    };
  }

  private static void close(WebSocketChannel ch) {
    try {
      ch.close();
    } catch (IOException x) {
      // already closed
    }
  }

  private static ByteBuffer copy(ByteBuffer[] buffers) {
    int size = 0;
    for (ByteBuffer b : buffers) {
      size += b.remaining();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (ByteBuffer b : buffers) {
      out.put(b.duplicate());
    }
    return out.flip();
  }
}
