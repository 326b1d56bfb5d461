package dev.kplane.proxy.model;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Services and EndpointSlices → the service ports a proxy forwards, as kube-proxy's ServiceChangeTracker and
 * EndpointSliceCache build them: headless and ExternalName services are skipped, IPv4 only, endpoints matched to
 * a service port by the slice port's name and protocol, deduplicated by address and port, sorted.
 */
public final class ServicePorts {
  /** The label that ties an EndpointSlice to its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final int DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

  private ServicePorts() {}

  public static List<ServicePortInfo> of(Collection<Service> services, Collection<EndpointSlice> slices, String nodeName) {
    Map<String, List<EndpointSlice>> slicesByService = byService(slices);
    List<ServicePortInfo> out = new ArrayList<>();
    for (Service svc : services) {
      if (skip(svc)) {
        continue;
      }
      String ns = svc.getMetadata().getNamespace();
      String name = svc.getMetadata().getName();
      List<EndpointSlice> own = slicesByService.getOrDefault(ns + "/" + name, List.of());
      for (ServicePort p : svc.getSpec().getPorts()) {
        out.add(servicePort(svc, p, endpoints(own, p, nodeName)));
      }
    }
    out.sort(Comparator.comparing(s -> s.name().toString() + "/" + s.name().protocol()));
    return out;
  }

  /** kube-proxy's ShouldSkipService: nothing to forward for headless and ExternalName services. */
  static boolean skip(Service svc) {
    ServiceSpec spec = svc.getSpec();
    if (spec == null || spec.getPorts() == null) {
      return true;
    }
    String ip = spec.getClusterIP();
    return ip == null || ip.isEmpty() || "None".equals(ip) || "ExternalName".equals(spec.getType())
        || ip.contains(":");
  }

  private static ServicePortInfo servicePort(Service svc, ServicePort p, List<Endpoint> eps) {
    ServiceSpec spec = svc.getSpec();
    String protocol = (p.getProtocol() == null ? "TCP" : p.getProtocol()).toLowerCase(Locale.ROOT);
    List<String> external = new ArrayList<>();
    if (spec.getExternalIPs() != null) {
      spec.getExternalIPs().stream().filter(ip -> !ip.contains(":")).forEach(external::add);
    }
    if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null
        && svc.getStatus().getLoadBalancer().getIngress() != null) {
      svc.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
          .filter(ip -> ip != null && !ip.contains(":")).forEach(external::add);
    }
    boolean affinity = "ClientIP".equals(spec.getSessionAffinity());
    int timeout = DEFAULT_AFFINITY_TIMEOUT_SECONDS;
    if (affinity && spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
        && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
      timeout = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
    }
    boolean nodePortType = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
    int nodePort = nodePortType && p.getNodePort() != null ? p.getNodePort() : 0;
    return new ServicePortInfo(
        new ServicePortName(svc.getMetadata().getNamespace(), svc.getMetadata().getName(), nameOf(p.getName()), protocol),
        spec.getClusterIP(), p.getPort(), nodePort, external, affinity, timeout,
        "Local".equals(spec.getInternalTrafficPolicy()), "Local".equals(spec.getExternalTrafficPolicy()), eps);
  }

  /** The endpoints of one service port across the service's slices; a ready copy wins over a duplicate that is not. */
  static List<Endpoint> endpoints(List<EndpointSlice> slices, ServicePort sp, String nodeName) {
    String portName = nameOf(sp.getName());
    String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
    Map<String, Endpoint> byAddress = new LinkedHashMap<>();
    List<EndpointSlice> sorted = new ArrayList<>(slices);
    sorted.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    for (EndpointSlice slice : sorted) {
      if (!"IPv4".equals(slice.getAddressType()) || slice.getPorts() == null || slice.getEndpoints() == null) {
        continue;
      }
      for (EndpointPort ep : slice.getPorts()) {
        String epProtocol = ep.getProtocol() == null ? "TCP" : ep.getProtocol();
        if (!portName.equals(nameOf(ep.getName())) || !protocol.equals(epProtocol) || ep.getPort() == null) {
          continue;
        }
        for (var e : slice.getEndpoints()) {
          if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
            continue;
          }
          Endpoint candidate = endpoint(e.getAddresses().get(0), ep.getPort(), e.getConditions(),
              nodeName != null && nodeName.equals(e.getNodeName()));
          Endpoint existing = byAddress.get(candidate.toString());
          if (existing == null || (!existing.ready() && candidate.ready())) {
            byAddress.put(candidate.toString(), candidate);
          }
        }
      }
    }
    List<Endpoint> out = new ArrayList<>(byAddress.values());
    out.sort(Comparator.comparing(Endpoint::toString));
    return out;
  }

  /** Conditions as the EndpointSlice API defines their absence: ready unless false, serving as ready, not terminating. */
  static Endpoint endpoint(String ip, int port, EndpointConditions c, boolean local) {
    boolean ready = c == null || c.getReady() == null || c.getReady();
    boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
    boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
    return new Endpoint(ip, port, ready, serving, terminating, local);
  }

  private static Map<String, List<EndpointSlice>> byService(Collection<EndpointSlice> slices) {
    Map<String, List<EndpointSlice>> out = new HashMap<>();
    for (EndpointSlice s : slices) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc != null) {
        out.computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  private static String nameOf(String portName) {
    return Objects.requireNonNullElse(portName, "");
  }
}
