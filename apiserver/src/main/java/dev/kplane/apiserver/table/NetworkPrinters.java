package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.NONE;
import static dev.kplane.apiserver.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Services, endpoints, endpoint slices, ingresses, ingress classes and network policies. */
final class NetworkPrinters {
  private static final int LOAD_BALANCER_WIDTH = 16;

  static final Printer SERVICE = Printer.of(NetworkPrinters::service,
      Column.nameColumn(),
      Column.string("Type", SwaggerDocs.of("core/v1.ServiceSpec.type")),
      Column.string("Cluster-IP", SwaggerDocs.of("core/v1.ServiceSpec.clusterIP")),
      Column.string("External-IP", SwaggerDocs.of("core/v1.ServiceSpec.externalIPs")),
      Column.string("Port(s)", SwaggerDocs.of("core/v1.ServiceSpec.ports")),
      Column.ageColumn(),
      Column.string("Selector", SwaggerDocs.of("core/v1.ServiceSpec.selector")).wide());

  static final Printer ENDPOINTS = Printer.of(
      (o, now) -> Row.of(Cells.name(o), endpoints(o.path("subsets")), Cells.age(o, now)),
      Column.nameColumn(), Column.string("Endpoints", SwaggerDocs.of("core/v1.Endpoints.subsets")), Column.ageColumn());

  static final Printer ENDPOINT_SLICE = Printer.of(
      (o, now) -> Row.of(Cells.name(o), text(o, "addressType"), slicePorts(o.path("ports")),
          sliceEndpoints(o.path("endpoints")), Cells.age(o, now)),
      Column.nameColumn(),
      Column.string("AddressType", SwaggerDocs.of("discovery/v1beta1.EndpointSlice.addressType")),
      Column.string("Ports", SwaggerDocs.of("discovery/v1beta1.EndpointSlice.ports")),
      Column.string("Endpoints", SwaggerDocs.of("discovery/v1beta1.EndpointSlice.endpoints")),
      Column.ageColumn());

  static final Printer INGRESS = Printer.of(NetworkPrinters::ingress,
      Column.nameColumn(),
      Column.string("Class", "The name of the IngressClass resource that should be used for additional configuration"),
      Column.string("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
      Column.string("Address", "Address is a list containing ingress points for the load-balancer"),
      Column.string("Ports", "Ports of TLS configurations that open"),
      Column.ageColumn());

  static final Printer INGRESS_CLASS = Printer.of(NetworkPrinters::ingressClass,
      Column.nameColumn(),
      Column.string("Controller", "Controller that is responsible for handling this class"),
      Column.string("Parameters", "A reference to a resource with additional parameters"),
      Column.ageColumn());

  static final Printer NETWORK_POLICY = Printer.of(
      (o, now) -> Row.of(Cells.name(o), Cells.selector(emptyIfAbsent(o.path("spec").path("podSelector"))),
          Cells.age(o, now)),
      Column.nameColumn(),
      Column.string("Pod-Selector", SwaggerDocs.of("extensions/v1beta1.NetworkPolicySpec.podSelector")),
      Column.ageColumn());

  private NetworkPrinters() {}

  static Row service(JsonNode svc, Instant now) {
    JsonNode spec = svc.path("spec");
    String clusterIp = spec.path("clusterIPs").size() > 0 ? spec.path("clusterIPs").get(0).asText()
        : text(spec, "clusterIP"); // v1 to internal conversion fills clusterIPs from clusterIP
    String ports = ports(spec.path("ports"));
    return Row.of(Cells.name(svc), text(spec, "type"), clusterIp.isEmpty() ? NONE : clusterIp,
        externalIp(svc), ports.isEmpty() ? NONE : ports, Cells.age(svc, now), Cells.labels(spec.path("selector")));
  }

  /** getServiceExternalIP with wide set, as the server always prints. */
  static String externalIp(JsonNode svc) {
    JsonNode spec = svc.path("spec");
    List<String> externalIps = strings(spec.path("externalIPs"));
    switch (text(spec, "type")) {
      case "ClusterIP", "NodePort" -> {
        return externalIps.isEmpty() ? NONE : String.join(",", externalIps);
      }
      case "LoadBalancer" -> {
        String lb = loadBalancer(svc.path("status").path("loadBalancer"), true);
        if (!externalIps.isEmpty()) {
          List<String> all = new ArrayList<>();
          if (!lb.isEmpty()) {
            all.addAll(List.of(lb.split(",")));
          }
          all.addAll(externalIps);
          return String.join(",", all);
        }
        return lb.isEmpty() ? "<pending>" : lb;
      }
      case "ExternalName" -> {
        return text(spec, "externalName");
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  /** makePortString: "80/TCP", "80:30080/TCP" with a node port. */
  static String ports(JsonNode ports) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode p : ports) {
      long nodePort = Cells.integer(p, "nodePort");
      pieces.add(Cells.integer(p, "port") + (nodePort > 0 ? ":" + nodePort : "") + "/" + text(p, "protocol"));
    }
    return String.join(",", pieces);
  }

  /** loadBalancerStatusStringer: the unique IPs (or hostnames) sorted, clipped to 16 characters unless wide. */
  static String loadBalancer(JsonNode status, boolean wide) {
    TreeSet<String> result = new TreeSet<>();
    for (JsonNode i : status.path("ingress")) {
      if (!text(i, "ip").isEmpty()) {
        result.add(text(i, "ip"));
      } else if (!text(i, "hostname").isEmpty()) {
        result.add(text(i, "hostname"));
      }
    }
    String r = String.join(",", result);
    if (!wide && r.length() > LOAD_BALANCER_WIDTH) {
      r = r.substring(0, LOAD_BALANCER_WIDTH - 3) + "...";
    }
    return r;
  }

  /** formatEndpoints: up to three "ip:port" entries, then "+ N more...". */
  static String endpoints(JsonNode subsets) {
    if (subsets.size() == 0) {
      return NONE;
    }
    int max = 3;
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (JsonNode ss : subsets) {
      JsonNode addresses = ss.path("addresses");
      if (ss.path("ports").size() == 0) {
        count += addresses.size(); // headless services may have no ports
        for (JsonNode a : addresses) {
          if (list.size() == max) {
            more = true;
            break;
          }
          list.add(text(a, "ip"));
        }
        continue;
      }
      for (JsonNode port : ss.path("ports")) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (list.size() == max) {
            more = true;
            break;
          }
          list.add(joinHostPort(text(a, "ip"), Cells.integer(port, "port")));
        }
      }
    }
    String ret = String.join(",", list);
    return more ? ret + " + " + (count - max) + " more..." : ret;
  }

  /** net.JoinHostPort: IPv6 addresses in brackets. */
  private static String joinHostPort(String host, long port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static String slicePorts(JsonNode ports) {
    int max = 3;
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (JsonNode p : ports) {
      if (list.size() < max) {
        list.add(Cells.has(p, "port") ? String.valueOf(p.path("port").asLong())
            : Cells.has(p, "name") ? text(p, "name") : "*");
      } else if (list.size() == max) {
        more = true;
      }
      count++;
    }
    return Cells.withMore(list, more, count, max);
  }

  static String sliceEndpoints(JsonNode endpoints) {
    int max = 3;
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (JsonNode e : endpoints) {
      for (JsonNode a : e.path("addresses")) {
        if (list.size() < max) {
          list.add(a.asText());
        } else if (list.size() == max) {
          more = true;
        }
        count++;
      }
    }
    return Cells.withMore(list, more, count, max);
  }

  static Row ingress(JsonNode ing, Instant now) {
    JsonNode spec = ing.path("spec");
    String className = Cells.has(spec, "ingressClassName") ? text(spec, "ingressClassName") : NONE;
    return Row.of(Cells.name(ing), className, hosts(spec.path("rules")),
        loadBalancer(ing.path("status").path("loadBalancer"), true),
        spec.path("tls").size() != 0 ? "80, 443" : "80", Cells.age(ing, now));
  }

  /** formatHosts: up to three hosts, "*" when no rule names one. */
  static String hosts(JsonNode rules) {
    int max = 3;
    List<String> list = new ArrayList<>();
    boolean more = false;
    for (JsonNode rule : rules) {
      if (list.size() == max) {
        more = true;
      }
      if (!more && !text(rule, "host").isEmpty()) {
        list.add(text(rule, "host"));
      }
    }
    if (list.isEmpty()) {
      return "*";
    }
    String ret = String.join(",", list);
    return more ? ret + " + " + (rules.size() - max) + " more..." : ret;
  }

  static Row ingressClass(JsonNode ic, Instant now) {
    JsonNode params = ic.path("spec").path("parameters");
    String parameters = NONE;
    if (params.isObject()) {
      parameters = text(params, "kind");
      if (Cells.has(params, "apiGroup")) {
        parameters += "." + text(params, "apiGroup");
      }
      parameters += "/" + text(params, "name");
    }
    return Row.of(Cells.name(ic), text(ic, "spec", "controller"), parameters, Cells.age(ic, now));
  }

  /** A non-pointer LabelSelector field: absent decodes to the empty selector, not to nil. */
  static JsonNode emptyIfAbsent(JsonNode selector) {
    return selector.isObject() ? selector : dev.kplane.schemas.Json.MAPPER.createObjectNode();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
