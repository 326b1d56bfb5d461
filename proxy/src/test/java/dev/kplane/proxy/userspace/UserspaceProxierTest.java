package dev.kplane.proxy.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.proxy.Backends;
import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import dev.kplane.proxy.model.ServicePortName;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forwarder against real local backends on 127.0.0.x. */
class UserspaceProxierTest {
  static ServicePortInfo svc(String protocol, String clusterIp, int port, int nodePort, boolean affinity,
      List<Endpoint> eps) {
    return new ServicePortInfo(new ServicePortName("default", "web", "http", protocol), clusterIp, port, nodePort,
        List.of(), affinity, 10800, false, false, eps);
  }

  @Test
  void shouldServeANonLocalClusterIpOnItsLoopbackAliasRoundRobin() throws Exception {
    try (Backends backends = new Backends("127.0.0.2", "127.0.0.3");
         UserspaceProxier proxier = new UserspaceProxier("127.0.0.1")) {
      int port = free();
      proxier.sync(List.of(svc("tcp", "10.96.7.9", port, 0, false,
          List.of(Endpoint.ready("127.0.0.2", backends.port, false), Endpoint.ready("127.0.0.3", backends.port, false)))));
      assertEquals(new InetSocketAddress("127.96.7.9", port),
          proxier.listening().get("default/web:http ClusterIP 10.96.7.9:" + port));
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        seen.add(Backends.get("127.96.7.9", port));
      }
      assertEquals(List.of("127.0.0.2", "127.0.0.3", "127.0.0.2", "127.0.0.3"), seen);
    }
  }

  @Test
  void shouldSkipARefusingBackendAndStopWhenTheServiceGoes() throws Exception {
    try (Backends backends = new Backends("127.0.0.2");
         UserspaceProxier proxier = new UserspaceProxier("127.0.0.1")) {
      int port = free();
      int nodePort = free();
      List<Endpoint> eps = List.of(Endpoint.ready("127.0.0.2", backends.port, false),
          Endpoint.ready("127.0.0.5", backends.port, false));
      proxier.sync(List.of(svc("tcp", "10.96.7.10", port, nodePort, true, eps)));
      for (int i = 0; i < 3; i++) {
        assertEquals("127.0.0.2", Backends.get("127.0.0.1", nodePort), "NodePort, dead 127.0.0.5 skipped");
      }
      proxier.sync(List.of());
      assertTrue(refusedWithin(5000, nodePort), "the NodePort stops listening");
    }
  }

  @Test
  void shouldForwardUdpAndRelayReplies() throws Exception {
    try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
         UserspaceProxier proxier = new UserspaceProxier("127.0.0.1");
         DatagramSocket client = new DatagramSocket()) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[512];
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            echo.receive(p);
            byte[] reply = ("echo " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
            echo.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
          }
        } catch (IOException closed) {
          // test over
        }
      });
      t.setDaemon(true);
      t.start();
      int port = free();
      proxier.sync(List.of(svc("udp", "10.96.7.11", port, 0, false,
          List.of(Endpoint.ready("127.0.0.2", echo.getLocalPort(), false)))));
      client.setSoTimeout(3000);
      byte[] q = "hello".getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.96.7.11", port)));
      DatagramPacket reply = new DatagramPacket(new byte[512], 512);
      client.receive(reply);
      assertEquals("echo hello", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      assertEquals(new InetSocketAddress("127.96.7.11", port), reply.getSocketAddress(), "reply from the service");
    }
  }

  @Test
  void shouldDropUdpWithoutEndpoints() throws Exception {
    try (UserspaceProxier proxier = new UserspaceProxier("127.0.0.1"); DatagramSocket client = new DatagramSocket()) {
      int port = free();
      proxier.sync(List.of(svc("udp", "10.96.7.12", port, 0, false, List.of())));
      client.setSoTimeout(300);
      client.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress("127.96.7.12", port)));
      assertThrows(SocketTimeoutException.class, () -> client.receive(new DatagramPacket(new byte[8], 8)));
    }
  }

  /** A closed ServerSocket whose accept thread is parked may take a moment to stop listening. */
  static boolean refusedWithin(long ms, int port) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < deadline) {
      try {
        Backends.get("127.0.0.1", port);
      } catch (IOException refused) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  static int free() throws IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
