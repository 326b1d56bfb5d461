package dev.kplane.proxy.userspace;

import dev.kplane.proxy.model.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and splices each to a backend, trying the next backend when one refuses (as kube's
 * userspace proxy did). One thread per direction per connection: simple, and the bench shows what it costs.
 */
final class TcpForwarder implements Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(TcpForwarder.class);
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final ServerSocket server;
  private final BackendPicker picker;
  private final ExecutorService threads;
  private final String name;

  TcpForwarder(String name, InetSocketAddress bind, BackendPicker picker, ExecutorService threads) throws IOException {
    this.name = name;
    this.picker = picker;
    this.threads = threads;
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(bind, 512);
    threads.execute(this::acceptLoop);
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public BackendPicker picker() {
    return picker;
  }

  private void acceptLoop() {
    Thread.currentThread().setName("tcp-" + name);
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> forward(client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("{}: accept failed: {}", name, e.getMessage());
        }
      }
    }
  }

  private void forward(Socket client) {
    Socket backend = connect(client);
    if (backend == null) {
      closeQuietly(client);
      return;
    }
    try {
      client.setTcpNoDelay(true);
      backend.setTcpNoDelay(true);
    } catch (SocketException e) {
      // only a latency hint
    }
    AtomicInteger open = new AtomicInteger(2);
    threads.execute(() -> pump(backend, client, open));
    pump(client, backend, open);
  }

  private Socket connect(Socket client) {
    List<Endpoint> candidates = picker.candidates(client.getInetAddress());
    if (candidates.isEmpty()) {
      LOG.debug("{}: no endpoints, closing connection from {}", name, client.getRemoteSocketAddress());
    }
    for (Endpoint e : candidates) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(e.ip(), e.port()), CONNECT_TIMEOUT_MS);
        picker.connected(client.getInetAddress(), e);
        return s;
      } catch (IOException x) {
        closeQuietly(s);
        picker.failed(client.getInetAddress(), e);
        LOG.info("{}: endpoint {} refused a connection: {}", name, e, x.getMessage());
      }
    }
    return null;
  }

  /**
   * Copies one direction; at its end half-closes the other side so the peer sees EOF, as a kernel splice would. The
   * second direction to end (or any error) closes both sockets.
   */
  private static void pump(Socket from, Socket to, AtomicInteger open) {
    byte[] buf = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
      to.shutdownOutput();
      if (open.decrementAndGet() > 0) {
        return;
      }
    } catch (IOException e) {
      // a reset or a closed peer ends the whole connection
    }
    closeQuietly(from);
    closeQuietly(to);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("{}: close: {}", name, e.getMessage());
    }
  }
}
