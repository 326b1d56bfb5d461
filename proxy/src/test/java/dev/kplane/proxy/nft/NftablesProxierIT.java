package dev.kplane.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import dev.kplane.proxy.model.ServicePortName;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel accepts every kind of generated rule, and the update path leaves the table as a full sync would. */
class NftablesProxierIT {
  static final String TABLE = "kplane_nft_it";

  static ServicePortInfo svc(String name, String protocol, String ip, int nodePort, boolean affinity,
      boolean internalLocal, boolean externalLocal, List<Endpoint> eps) {
    return new ServicePortInfo(new ServicePortName("it", name, "p", protocol), ip, 80, nodePort, List.of("192.0.2.200"),
        affinity, 600, internalLocal, externalLocal, eps);
  }

  static List<ServicePortInfo> services(int endpoints) {
    List<Endpoint> eps = java.util.stream.IntStream.range(0, endpoints)
        .mapToObj(i -> Endpoint.ready("10.88.0." + (10 + i), 8080, i == 0)).toList();
    return List.of(
        svc("plain", "tcp", "10.96.200.1", 0, false, false, false, eps),
        svc("sticky", "tcp", "10.96.200.2", 30901, true, false, false, eps),
        svc("local", "udp", "10.96.200.3", 30902, false, false, true, eps),
        svc("internal", "tcp", "10.96.200.4", 0, false, true, false, eps));
  }

  @Test
  void shouldApplyFullAndIncrementalSyncsAndDeleteStaleChainsLater() throws Exception {
    assumeTrue(Nft.unusableReason().isEmpty(), "needs nftables");
    NftConfig config = new NftConfig(TABLE, List.of("192.0.2.2"), "10.88.0.0/16", NftConfig.DEFAULT_SERVICE_CIDR, false);
    try (NftablesProxier proxier = new NftablesProxier(config, true)) {
      proxier.sync(services(2));
      assertTrue(list().contains("dnat to 10.88.0.11:8080"));
      proxier.sync(services(3));
      assertTrue(list().contains("dnat to 10.88.0.12:8080"));
      assertTrue(proxier.sync(services(1)), "stale chains wait for a later sync");
      String flushed = list();
      assertFalse(flushed.contains("dnat to 10.88.0.11:8080"));
      assertTrue(flushed.contains("10.88.0.11/8080"), "the chain still exists, empty");
      Thread.sleep(1100);
      assertFalse(proxier.sync(services(1)));
      assertFalse(list().contains("10.88.0.11/8080"), "deleted a second later");
      proxier.sync(services(0));
      assertTrue(list().contains("goto reject-chain"));
    }
    assertFalse(tables().contains(TABLE));
  }

  /**
   * A UDP client keeps its source port, so conntrack keeps its flow on one endpoint: when that endpoint goes, the
   * flow must move (the stale entry is deleted), not keep being sent to the dead endpoint.
   */
  @Test
  void shouldMoveAUdpFlowOffARemovedEndpoint() throws Exception {
    assumeTrue(Nft.unusableReason().isEmpty(), "needs nftables");
    NftConfig config = new NftConfig(TABLE, List.of(), null, NftConfig.DEFAULT_SERVICE_CIDR, true);
    try (UdpEcho a = new UdpEcho("127.0.0.2", 0); UdpEcho b = new UdpEcho("127.0.0.3", a.port());
         NftablesProxier proxier = new NftablesProxier(config, true);
         DatagramSocket client = new DatagramSocket()) {
      ServicePortInfo two = new ServicePortInfo(new ServicePortName("it", "udp", "p", "udp"), "10.96.200.9", 5353,
          0, List.of(), false, 0, false, false,
          List.of(Endpoint.ready("127.0.0.2", a.port(), false), Endpoint.ready("127.0.0.3", a.port(), false)));
      proxier.sync(List.of(two));
      client.setSoTimeout(2000);
      InetSocketAddress vip = new InetSocketAddress("10.96.200.9", 5353);
      String first = ask(client, vip);
      assertEquals(first, ask(client, vip), "one flow, one endpoint");
      String other = first.equals("127.0.0.2") ? "127.0.0.3" : "127.0.0.2";
      proxier.sync(List.of(two.withEndpoints(List.of(Endpoint.ready(other, a.port(), false)))));
      assertEquals(other, ask(client, vip), "the flow moved to the remaining endpoint");
    }
  }

  private static String ask(DatagramSocket client, InetSocketAddress to) throws IOException {
    client.send(new DatagramPacket(new byte[] {1}, 1, to));
    DatagramPacket reply = new DatagramPacket(new byte[64], 64);
    client.receive(reply);
    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
  }

  /** Answers every datagram with its own address. */
  private static final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;

    UdpEcho(String ip, int port) throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(ip, port));
      byte[] name = ip.getBytes(StandardCharsets.UTF_8);
      Thread t = new Thread(() -> {
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(new byte[64], 64);
            socket.receive(p);
            socket.send(new DatagramPacket(name, name.length, p.getSocketAddress()));
          }
        } catch (IOException closed) {
          // done
        }
      });
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  private static String list() throws IOException, InterruptedException {
    return run("nft", "list", "table", "ip", TABLE);
  }

  private static String tables() throws IOException, InterruptedException {
    return run("nft", "list", "tables");
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
