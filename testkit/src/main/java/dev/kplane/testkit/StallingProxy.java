package dev.kplane.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a broker that can stop passing bytes for a while: a broker that stalls (a long pause, a
 * saturated disk) as its clients see it. Advertise the relay's port as the broker's listener so that every client,
 * the broker's own inter-broker requests included, goes through it. While stalled, connections stay open and bytes
 * wait in the relay; nothing is dropped.
 */
public final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean stalled;
  private volatile boolean closed;

  /** Listens on {@code port} (127.0.0.1) and relays to 127.0.0.1:{@code targetPort}. */
  public StallingProxy(int port, int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread accept = new Thread(this::accept, "stalling-proxy-" + port);
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on no byte passes, either way, until {@link #resume()}. */
  public void stall() {
    stalled = true;
  }

  public void resume() {
    stalled = false;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        while (!closed) {
          awaitNotStalled();
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          awaitNotStalled(); // bytes read just before a stall wait with the rest
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the other side closed
      } finally {
        quietlyClose(from);
        quietlyClose(to);
      }
    }, "stalling-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void awaitNotStalled() throws InterruptedException {
    while (stalled && !closed) {
      Thread.sleep(5);
    }
  }

  private static void quietlyClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.forEach(StallingProxy::quietlyClose);
  }
}
