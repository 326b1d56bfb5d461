package dev.kplane.proxy.userspace;

import dev.kplane.proxy.model.Endpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards UDP datagrams: each client address gets a session, a socket connected to one backend whose replies go
 * back to the client from the service's address. A session ends after {@link #IDLE_MS} without a reply, kube's
 * userspace proxy's --udp-timeout default.
 */
final class UdpForwarder implements Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(UdpForwarder.class);
  static final int IDLE_MS = 250;
  private static final int MAX_DATAGRAM = 65535;

  private final DatagramSocket socket;
  private final BackendPicker picker;
  private final ExecutorService threads;
  private final String name;
  private final Map<SocketAddress, DatagramSocket> sessions = new ConcurrentHashMap<>();

  UdpForwarder(String name, InetSocketAddress bind, BackendPicker picker, ExecutorService threads) throws IOException {
    this.name = name;
    this.picker = picker;
    this.threads = threads;
    socket = new DatagramSocket(null);
    socket.setReuseAddress(true);
    socket.bind(bind);
    threads.execute(this::receiveLoop);
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public BackendPicker picker() {
    return picker;
  }

  private void receiveLoop() {
    Thread.currentThread().setName("udp-" + name);
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        DatagramSocket session = sessions.get(p.getSocketAddress());
        if (session == null) {
          session = open(p.getSocketAddress(), (InetSocketAddress) p.getSocketAddress());
        }
        if (session != null) {
          session.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength()));
        }
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.debug("{}: {}", name, e.getMessage());
        }
      }
    }
  }

  private DatagramSocket open(SocketAddress clientKey, InetSocketAddress client) throws IOException {
    List<Endpoint> candidates = picker.candidates(client.getAddress());
    if (candidates.isEmpty()) {
      return null;
    }
    Endpoint e = candidates.get(0);
    DatagramSocket s = new DatagramSocket();
    s.connect(new InetSocketAddress(e.ip(), e.port()));
    s.setSoTimeout(IDLE_MS);
    sessions.put(clientKey, s);
    threads.execute(() -> relayReplies(clientKey, s));
    return s;
  }

  private void relayReplies(SocketAddress client, DatagramSocket session) {
    byte[] buf = new byte[MAX_DATAGRAM];
    try {
      while (!socket.isClosed()) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        session.receive(p);
        socket.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
      }
    } catch (SocketTimeoutException idle) {
      // the session ends; the client's next datagram opens a new one
    } catch (IOException e) {
      LOG.debug("{}: session of {} ended: {}", name, client, e.getMessage());
    } finally {
      sessions.remove(client, session);
      session.close();
    }
  }

  @Override
  public void close() {
    socket.close();
    sessions.values().forEach(DatagramSocket::close);
  }
}
