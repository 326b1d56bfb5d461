package dev.kplane.proxy.dns;

import dev.kplane.proxy.model.ServicePorts;
import dev.kplane.proxy.watch.ClusterView;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of the cluster zone at one moment, per the Kubernetes DNS specification (kubernetes/dns
 * docs/specification.md) as CoreDNS's kubernetes plugin serves it:
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<zone>} A: the ClusterIP; for a headless service the ready endpoint addresses;
 *       for an ExternalName service a CNAME to the external name</li>
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<zone>} SRV for each named port: priority 0, weight 100 split
 *       evenly, target the service (ClusterIP) or each endpoint's name (headless)</li>
 *   <li>{@code <hostname>.<svc>.<ns>.svc.<zone>} A for each endpoint of a headless service: its hostname, else its
 *       address with dashes (CoreDNS's endpoint names); a pod's hostname.subdomain record is this one</li>
 *   <li>PTR for ClusterIPs and for the endpoints of headless services</li>
 * </ul>
 * Ready endpoints only, unless the service publishes not-ready addresses. Every ancestor of a name up to the zone
 * exists (an empty non-terminal: NODATA, not NXDOMAIN).
 */
public final class DnsRecords {
  private static final Logger LOG = LoggerFactory.getLogger(DnsRecords.class);
  static final long TTL = 5;

  private final Name zone;
  private final Map<Name, List<Record>> records;
  private final Set<Name> names;
  private final long serial;

  private DnsRecords(Name zone, Map<Name, List<Record>> records, Set<Name> names, long serial) {
    this.zone = zone;
    this.records = records;
    this.names = names;
    this.serial = serial;
  }

  public Name zone() {
    return zone;
  }

  /** {@code relative} under {@code parent}; names here are built from valid Kubernetes names, so never too long. */
  static Name under(String relative, Name parent) {
    try {
      return Name.concatenate(Name.fromString(relative), parent);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad name " + relative + "." + parent, e);
    }
  }

  public long serial() {
    return serial;
  }

  /** Records of a name, all types; empty when it has none. */
  public List<Record> get(Name name) {
    return records.getOrDefault(name, List.of());
  }

  /** Whether the name exists in the zone: has records, or is the ancestor of a name that has. */
  public boolean exists(Name name) {
    return names.contains(name);
  }

  public static DnsRecords of(ClusterView view, String clusterDomain, long serial) {
    Builder b = new Builder(absolute(clusterDomain));
    Map<String, List<EndpointSlice>> slices = new HashMap<>();
    for (EndpointSlice s : view.slices()) {
      Map<String, String> labels = s.getMetadata().getLabels();
      if (labels != null && labels.containsKey(ServicePorts.SERVICE_NAME_LABEL) && "IPv4".equals(s.getAddressType())) {
        slices.computeIfAbsent(s.getMetadata().getNamespace() + "/" + labels.get(ServicePorts.SERVICE_NAME_LABEL),
            k -> new ArrayList<>()).add(s);
      }
    }
    for (Service svc : view.services()) {
      if (svc.getSpec() != null) {
        String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
        try {
          b.service(svc, slices.getOrDefault(key, List.of()));
        } catch (IllegalArgumentException e) {
          LOG.warn("no DNS records for service {}: {}", key, e.getMessage());
        }
      }
    }
    return new DnsRecords(b.zone, b.records, b.names, serial);
  }

  static Name absolute(String domain) {
    try {
      return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + domain, e);
    }
  }

  private static final class Builder {
    final Name zone;
    final Map<Name, List<Record>> records = new HashMap<>();
    final Set<Name> names = new HashSet<>();

    Builder(Name zone) {
      this.zone = zone;
      names.add(zone);
    }

    void service(Service svc, List<EndpointSlice> slices) {
      String ns = svc.getMetadata().getNamespace();
      Name base = name(svc.getMetadata().getName() + "." + ns + ".svc");
      String type = svc.getSpec().getType();
      String clusterIp = svc.getSpec().getClusterIP();
      if ("ExternalName".equals(type)) {
        if (svc.getSpec().getExternalName() != null) {
          add(new CNAMERecord(base, DClass.IN, TTL, absolute(svc.getSpec().getExternalName())));
        }
      } else if ("None".equals(clusterIp)) {
        headless(svc, base, slices);
      } else if (clusterIp != null && !clusterIp.isEmpty()) {
        List<String> ips = svc.getSpec().getClusterIPs() == null || svc.getSpec().getClusterIPs().isEmpty()
            ? List.of(clusterIp) : svc.getSpec().getClusterIPs();
        for (String ip : ips) {
          if (!ip.contains(":")) {
            add(new ARecord(base, DClass.IN, TTL, address(ip)));
            add(new PTRRecord(ReverseMap.fromAddress(address(ip)), DClass.IN, TTL, base));
          }
        }
        for (ServicePort p : svc.getSpec().getPorts() == null ? List.<ServicePort>of() : svc.getSpec().getPorts()) {
          if (p.getName() != null && !p.getName().isEmpty()) {
            add(new SRVRecord(srvName(p.getName(), p.getProtocol(), base), DClass.IN, TTL, 0, 100, p.getPort(), base));
          }
        }
      }
    }

    /** Headless: the endpoints themselves, each under its own name. */
    private void headless(Service svc, Name base, List<EndpointSlice> slices) {
      boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
      Map<Name, List<SRVRecord>> srv = new LinkedHashMap<>();
      for (EndpointSlice slice : slices) {
        if (slice.getEndpoints() == null) {
          continue;
        }
        for (var e : slice.getEndpoints()) {
          boolean ready = e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
          if ((!ready && !publishNotReady) || e.getAddresses() == null) {
            continue;
          }
          for (String ip : e.getAddresses()) {
            String host = e.getHostname() != null && !e.getHostname().isEmpty() ? e.getHostname() : ip.replace('.', '-');
            Name target = child(host, base);
            add(new ARecord(base, DClass.IN, TTL, address(ip)));
            add(new ARecord(target, DClass.IN, TTL, address(ip)));
            add(new PTRRecord(ReverseMap.fromAddress(address(ip)), DClass.IN, TTL, target));
            for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
              if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
                srv.computeIfAbsent(srvName(p.getName(), p.getProtocol(), base), k -> new ArrayList<>())
                    .add(new SRVRecord(srvName(p.getName(), p.getProtocol(), base), DClass.IN, TTL, 0, 0, p.getPort(), target));
              }
            }
          }
        }
      }
      // CoreDNS splits a weight of 100 between the records of one priority.
      srv.forEach((name, list) -> list.forEach(r -> add(new SRVRecord(name, DClass.IN, TTL, 0, 100 / list.size(),
          r.getPort(), r.getTarget()))));
    }

    private Name srvName(String port, String protocol, Name base) {
      String proto = (protocol == null ? "TCP" : protocol).toLowerCase(Locale.ROOT);
      return child("_" + port.toLowerCase(Locale.ROOT), child("_" + proto, base));
    }

    private void add(Record r) {
      List<Record> list = records.computeIfAbsent(r.getName(), k -> new ArrayList<>());
      if (!list.contains(r)) {
        list.add(r);
      }
      if (r.getName().subdomain(zone)) {
        for (Name n = r.getName(); !n.equals(zone); n = new Name(n, 1)) {
          names.add(n);
        }
      }
    }

    private Name name(String relative) {
      return under(relative, zone);
    }

    private static Name child(String label, Name parent) {
      return under(label, parent);
    }

    private static InetAddress address(String ip) {
      try {
        return InetAddress.getByName(ip);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an address: " + ip, e);
      }
    }
  }
}
