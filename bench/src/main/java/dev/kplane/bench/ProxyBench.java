package dev.kplane.bench;

import dev.kplane.proxy.Proxier;
import dev.kplane.proxy.ProxyMode;
import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortInfo;
import dev.kplane.proxy.model.ServicePortName;
import dev.kplane.proxy.nft.Nft;
import dev.kplane.proxy.nft.NftConfig;
import dev.kplane.proxy.nft.NftablesProxier;
import dev.kplane.proxy.userspace.UserspaceProxier;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Requests per second and latency of request/response round trips over persistent TCP connections to a Java
 * backend, directly and through the proxy's data planes: the userspace forwarder and, where nft may change rules,
 * nftables DNAT from a ClusterIP. The service is given to the data plane directly: this measures forwarding, not
 * the Kafka path (ProxyIT covers that).
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Round trips per second and latency through the kplane proxy (userspace and nftables) vs. direct "
        + "to the backend, over keep-alive TCP connections.")
final class ProxyBench implements Callable<Integer> {
  private static final String BACKEND_IP = "127.0.0.2";
  private static final String CLUSTER_IP = "10.111.255.250";

  @Option(names = "--concurrency", split = ",", defaultValue = "1,16", description = "Connections (default ${DEFAULT-VALUE})")
  List<Integer> concurrency;

  @Option(names = "--duration", defaultValue = "5", description = "Seconds per case (default ${DEFAULT-VALUE})")
  double duration;

  @Option(names = "--size", defaultValue = "100", description = "Bytes per request and per response (default ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--mode", defaultValue = "auto", description = "Proxy mode of the RESULT line: auto, nftables, userspace (default ${DEFAULT-VALUE})")
  String mode;

  @Override
  public Integer call() throws Exception {
    System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.arch"));
    Optional<String> nftUnusable = Nft.unusableReason();
    nftUnusable.ifPresent(r -> System.out.println("nftables case skipped: " + r));
    ProxyMode resultMode = ProxyMode.parse(mode) == ProxyMode.AUTO
        ? (nftUnusable.isEmpty() ? ProxyMode.NFTABLES : ProxyMode.USERSPACE) : ProxyMode.parse(mode);
    int maxConcurrency = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
    try (EchoServer backend = new EchoServer(BACKEND_IP, size)) {
      int servicePort = backend.port();
      ServicePortInfo svc = new ServicePortInfo(new ServicePortName("bench", "echo", "tcp", "tcp"), CLUSTER_IP,
          servicePort, 0, List.of(), false, 0, false, false, List.of(Endpoint.ready(BACKEND_IP, servicePort, false)));
      Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
      targets.put("direct", new InetSocketAddress(BACKEND_IP, servicePort));
      List<Proxier> proxiers = new ArrayList<>();
      try {
        UserspaceProxier userspace = new UserspaceProxier("127.0.0.1");
        proxiers.add(userspace);
        userspace.sync(List.of(svc));
        targets.put("userspace", userspace.listening().values().iterator().next());
        if (nftUnusable.isEmpty()) {
          NftablesProxier nft = new NftablesProxier(new NftConfig("kplane_bench", List.of(), null,
              NftConfig.DEFAULT_SERVICE_CIDR, true), true);
          proxiers.add(nft);
          nft.sync(List.of(svc));
          targets.put("nftables", new InetSocketAddress(CLUSTER_IP, servicePort));
        }
        Map<String, Map<Integer, Stats>> results = new LinkedHashMap<>();
        for (var target : targets.entrySet()) {
          run(target.getValue(), 1, 1.0); // warm-up: JIT, connections, conntrack
          for (int c : concurrency) {
            Stats s = run(target.getValue(), c, duration);
            results.computeIfAbsent(target.getKey(), k -> new LinkedHashMap<>()).put(c, s);
            System.out.println(s.line("proxy " + target.getKey(), c));
          }
        }
        String proxied = resultMode.name().toLowerCase();
        Stats direct = results.get("direct").get(maxConcurrency);
        Stats via = results.get(proxied).get(maxConcurrency);
        Stats direct1 = results.get("direct").get(concurrency.get(0));
        Stats via1 = results.get(proxied).get(concurrency.get(0));
        System.out.printf("RESULT proxy direct_rps=%.0f proxied_rps=%.0f ratio=%.2f added_p50_ms=%.3f mode=%s "
                + "concurrency=%d%n", direct.perSecond(), via.perSecond(), via.perSecond() / direct.perSecond(),
            via1.percentileMs(50) - direct1.percentileMs(50), proxied, maxConcurrency);
      } finally {
        proxiers.forEach(Proxier::close);
      }
    }
    return 0;
  }

  /** One persistent connection per worker, each operation one request and its whole response. */
  private Stats run(InetSocketAddress target, int connections, double seconds) throws Exception {
    Socket[] sockets = new Socket[connections];
    byte[] request = new byte[size];
    try {
      for (int i = 0; i < connections; i++) {
        sockets[i] = new Socket();
        sockets[i].setTcpNoDelay(true);
        sockets[i].connect(target, 2000);
        sockets[i].setSoTimeout(5000);
      }
      return Load.run(connections, 50_000_000, seconds, (w, i) -> {
        Socket s = sockets[w];
        s.getOutputStream().write(request);
        new DataInputStream(s.getInputStream()).readFully(new byte[size]);
        return true;
      });
    } finally {
      for (Socket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  /** Answers every {@code size} bytes it reads with {@code size} bytes, one thread per connection. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final int size;

    EchoServer(String ip, int size) throws IOException {
      this.size = size;
      server = new ServerSocket();
      server.bind(new InetSocketAddress(ip, 0), 256);
      Thread t = new Thread(this::acceptLoop, "bench-backend");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          s.setTcpNoDelay(true);
          Thread t = new Thread(() -> serve(s), "bench-backend-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      byte[] buf = new byte[size];
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
          new DataInputStream(in).readFully(buf);
          out.write(buf);
        }
      } catch (IOException e) {
        // client gone
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
