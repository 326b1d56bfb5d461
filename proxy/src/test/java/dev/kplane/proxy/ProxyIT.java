package dev.kplane.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.proxy.nft.Nft;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Service and its EndpointSlice created through the API, backends are Java HTTP servers on 127.0.0.2-4: requests
 * through the ClusterIP and the NodePort are balanced round robin, follow scaling and readiness, and stick to one
 * backend with ClientIP affinity; once with nftables rules (as root) and once with the userspace forwarder.
 */
class ProxyIT {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyIT.class);
  private static final long DEADLINE_MS = 20_000;
  static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster("proxy");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** How the test reaches the ClusterIP in a mode. */
  interface ClusterTarget {
    InetSocketAddress of(Proxy proxy, String clusterIp, int port);
  }

  @Test
  void shouldForwardWithNftablesRules() throws Exception {
    assumeTrue(Nft.unusableReason().isEmpty(), () -> "nftables not usable here: " + Nft.unusableReason().get());
    scenario("web-nft", ProxyMode.NFTABLES, (proxy, ip, port) -> new InetSocketAddress(ip, port));
  }

  @Test
  void shouldForwardInUserspace() throws Exception {
    scenario("web-user", ProxyMode.USERSPACE, (proxy, ip, port) -> proxy.userspaceListeners().entrySet().stream()
        .filter(e -> e.getKey().contains("ClusterIP " + ip + ":" + port)).map(e -> e.getValue()).findFirst()
        .orElse(null));
  }

  private void scenario(String name, ProxyMode mode, ClusterTarget target) throws Exception {
    String nodeAddress = nodeAddress();
    String ns = "/api/v1/namespaces/default";
    String slices = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";
    try (Backends backends = new Backends("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
      JsonNode svc = cluster.create(ns + "/services", """
          {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
           "spec":{"type":"NodePort","ports":[{"name":"http","port":8080,"targetPort":%d}]}}
          """.formatted(name, backends.port));
      String clusterIp = svc.path("spec").path("clusterIP").asText();
      int nodePort = svc.path("spec").path("ports").get(0).path("nodePort").asInt();
      cluster.create(slices, Cluster.slice(name + "-1", name, "http", backends.port, "TCP", "127.0.0.2", "127.0.0.3"));

      Proxy.Config config = Proxy.Config.defaults(cluster.bootstrap, cluster.prefix, "node-a").withMode(mode)
          .withNodeAddress(nodeAddress).withTable("kplane_it");
      try (Proxy proxy = new Proxy(config)) {
        proxy.start();
        assertEquals(mode, proxy.mode());
        InetSocketAddress vip = await("the ClusterIP forwards", () -> {
          InetSocketAddress a = target.of(proxy, clusterIp, 8080);
          return a != null && answers(a) ? a : null;
        });
        LOG.info("{}: ClusterIP {}:8080 reached at {}", mode, clusterIp, vip);

        List<String> seen = requests(vip, 6);
        for (int i = 1; i < seen.size(); i++) {
          assertNotEquals(seen.get(i - 1), seen.get(i), "round robin alternates: " + seen);
        }
        assertEquals(Set.of("127.0.0.2", "127.0.0.3"), new HashSet<>(seen));
        assertTrue(Set.of("127.0.0.2", "127.0.0.3").contains(Backends.get(nodeAddress, nodePort)), "the NodePort answers");

        long t0 = System.nanoTime();
        cluster.mergePatch(slices + "/" + name + "-1",
            "{\"endpoints\":" + endpointsJson("127.0.0.2", "127.0.0.3", "127.0.0.4") + "}");
        await("the third backend gets traffic", () -> requests(vip, 3).contains("127.0.0.4") ? true : null);
        LOG.info("{}: scaled to 3, third backend reached {} ms after the slice update", mode, (System.nanoTime() - t0) / 1_000_000);

        t0 = System.nanoTime();
        cluster.mergePatch(slices + "/" + name + "-1",
            "{\"endpoints\":" + endpointsJson("127.0.0.2", "127.0.0.3:notready", "127.0.0.4") + "}");
        await("the unready backend gets no traffic", () -> requests(vip, 4).contains("127.0.0.3") ? null : true);
        LOG.info("{}: readiness false, backend dropped {} ms after the slice update", mode, (System.nanoTime() - t0) / 1_000_000);
        assertFalse(requests(vip, 8).contains("127.0.0.3"));

        cluster.mergePatch(ns + "/services/" + name, "{\"spec\":{\"sessionAffinity\":\"ClientIP\"}}");
        await("ClientIP affinity keeps one backend", () -> new HashSet<>(requests(vip, 6)).size() == 1 ? true : null);
      } finally {
        cluster.delete(slices + "/" + name + "-1");
        cluster.delete(ns + "/services/" + name);
      }
      if (mode == ProxyMode.NFTABLES) {
        assertFalse(nftTables().contains("kplane_it"), "the table is removed on close");
      }
    }
  }

  private static String endpointsJson(String... eps) {
    String slice = Cluster.slice("x", "x", "x", 1, "TCP", eps);
    return slice.substring(slice.indexOf("\"endpoints\":") + 12, slice.indexOf(",\n \"ports\""));
  }

  private static List<String> requests(InetSocketAddress a, int n) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Backends.get(a.getHostString(), a.getPort()));
    }
    return out;
  }

  /** Whether one of the backends answers there (this network may answer HTTP to any address on its own). */
  private static boolean answers(InetSocketAddress a) {
    try {
      return Backends.get(a.getHostString(), a.getPort()).startsWith("127.0.0.");
    } catch (IOException e) {
      return false;
    }
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  static <T> T await(String what, Probe<T> probe) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    Exception last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        T v = probe.get();
        if (v != null) {
          return v;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting until " + what + (last == null ? "" : ": " + last));
  }

  private static String nftTables() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  /** A non-loopback IPv4 address of this host, as a node address. */
  static String nodeAddress() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return a.getHostAddress();
        }
      }
    }
    throw new IOException("no IPv4 address besides loopback");
  }
}
