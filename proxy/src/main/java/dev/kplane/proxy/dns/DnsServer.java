package dev.kplane.proxy.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * DNS over UDP and TCP on one address: each query is answered from the current zone, forwarded upstream, or
 * REFUSED when there is no upstream. UDP answers are truncated (TC) to 512 bytes, or to the EDNS size the client
 * offers, so the client retries over TCP.
 */
final class DnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  private static final int EDNS_PAYLOAD = 1232;

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Supplier<DnsRecords> zone;
  private final Upstream upstream;
  private final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("dns-worker"));
  private final ExecutorService listeners = Executors.newCachedThreadPool(daemon("dns-listener"));

  DnsServer(InetSocketAddress bind, Supplier<DnsRecords> zone, Upstream upstream) throws IOException {
    this.zone = zone;
    this.upstream = upstream;
    udp = new DatagramSocket(null);
    udp.setReuseAddress(true);
    udp.bind(bind);
    tcp = new ServerSocket();
    tcp.setReuseAddress(true);
    // Both on the same port: UDP may have been given an ephemeral one.
    try {
      tcp.bind(new InetSocketAddress(bind.getAddress(), udp.getLocalPort()));
    } catch (IOException e) {
      udp.close();
      throw e;
    }
    listeners.execute(this::udpLoop);
    listeners.execute(this::tcpLoop);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) udp.getLocalSocketAddress();
  }

  /** The wire response to a wire query; null when the query cannot even be parsed to a header. */
  byte[] handle(byte[] wire, boolean overUdp) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      if (wire.length < 12) {
        return null;
      }
      Message formErr = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
      formErr.getHeader().setRcode(Rcode.FORMERR);
      return formErr.toWire();
    }
    Message response = DnsResponder.answer(query, zone.get());
    if (response == null) {
      response = upstream == null ? DnsResponder.error(query, Rcode.REFUSED) : upstream.forward(query);
    }
    OPTRecord opt = query.getOPT();
    if (opt != null && response.getOPT() == null) {
      response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    int max = !overUdp ? 65535 : opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
    return response.toWire(max);
  }

  private void udpLoop() {
    byte[] buf = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] query = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
        var client = p.getSocketAddress();
        workers.execute(() -> {
          byte[] answer = handle(query, true);
          if (answer != null) {
            try {
              udp.send(new DatagramPacket(answer, answer.length, client));
            } catch (IOException e) {
              LOG.debug("cannot answer {}: {}", client, e.getMessage());
            }
          }
        });
      } catch (IOException e) {
        if (!udp.isClosed()) {
          LOG.warn("dns udp: {}", e.getMessage());
        }
      }
    }
  }

  private void tcpLoop() {
    while (!tcp.isClosed()) {
      try {
        Socket s = tcp.accept();
        listeners.execute(() -> serveTcp(s));
      } catch (IOException e) {
        if (!tcp.isClosed()) {
          LOG.warn("dns tcp: {}", e.getMessage());
        }
      }
    }
  }

  /** Length-prefixed messages until the client closes or stays idle (RFC 7766). */
  private void serveTcp(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      while (true) {
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] answer = handle(query, false);
        if (answer == null) {
          return;
        }
        out.writeShort(answer.length);
        out.write(answer);
        out.flush();
      }
    } catch (EOFException e) {
      // the client is done
    } catch (IOException e) {
      LOG.debug("dns tcp connection: {}", e.getMessage());
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      LOG.debug("close: {}", e.getMessage());
    }
    workers.shutdownNow();
    listeners.shutdownNow();
  }
}
