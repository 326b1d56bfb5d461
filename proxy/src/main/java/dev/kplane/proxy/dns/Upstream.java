package dev.kplane.proxy.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * Where names outside the cluster zone go: the nameservers of the host's /etc/resolv.conf by default, as CoreDNS's
 * {@code forward . /etc/resolv.conf}. A nameserver that does not answer gives SERVFAIL.
 */
final class Upstream {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final List<InetSocketAddress> servers;

  Upstream(List<InetSocketAddress> servers) {
    this.servers = List.copyOf(servers);
  }

  List<InetSocketAddress> servers() {
    return servers;
  }

  /** The nameservers of a resolv.conf, leaving out {@code self} so the server never forwards to itself. */
  static List<InetSocketAddress> fromResolvConf(Path resolvConf, InetSocketAddress self) throws IOException {
    List<InetSocketAddress> out = new ArrayList<>();
    if (!Files.exists(resolvConf)) {
      return out;
    }
    for (String line : Files.readAllLines(resolvConf)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver")) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(f[1]), 53);
        if (!a.equals(self)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  Message forward(Message query) {
    for (InetSocketAddress server : servers) {
      try {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(TIMEOUT);
        Message response = r.send(query);
        response.getHeader().setID(query.getHeader().getID());
        return response;
      } catch (IOException e) {
        // try the next one
      }
    }
    return DnsResponder.error(query, Rcode.SERVFAIL);
  }
}
