package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClusterIP and NodePort allocation for Services, as kube-apiserver's service REST storage does it. Each
 * allocated address or port is an object of an internal, unserved type whose name is the address or port:
 * creating it is a compare-and-set on the shard writer, so two API servers can never hand out the same one.
 * Allocations are released once the write that stopped using them (update or delete) was applied; the
 * repair pass re-creates missing ones and removes leaked ones, like kube's repair controllers.
 */
public final class ServiceAllocator implements Admission {
  private static final Logger log = LoggerFactory.getLogger(ServiceAllocator.class);
  public static final ResourceType ALLOCATIONS = new ResourceType("internal.kplane.dev", "v1", "allocations",
      "allocation", "Allocation", false, List.of(), List.of(), List.of());
  private static final ResourceType SERVICES = BuiltinResources.find("", "services").orElseThrow();
  private static final int RANDOM_ATTEMPTS = 64;
  /** An allocation no Service holds is only removed after this long: its Service may be being created. */
  private static final Duration LEAK_GRACE = Duration.ofMinutes(5);

  private final ObjectStore store;
  private final ServiceNetwork net;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ServiceAllocator(ObjectStore store, ServiceNetwork net, Clock clock) {
    this.store = store;
    this.net = net;
    this.clock = clock;
  }

  public ServiceNetwork network() {
    return net;
  }

  @Override
  public Runnable admit(ResourceType type, ObjectNode svc, ObjectNode old, RequestContext ctx) {
    if (!type.equals(SERVICES)) {
      return NOTHING;
    }
    ObjectNode spec = svc.withObjectProperty("spec");
    List<String> taken = new ArrayList<>();
    try {
      Set<String> held = old == null ? Set.of() : held(old);
      allocateClusterIp(svc, spec, held, taken, ctx);
      allocateNodePorts(svc, spec, held, taken, ctx);
    } catch (RuntimeException e) {
      release(taken, ctx);
      throw e;
    }
    return () -> release(taken, ctx);
  }

  @Override
  public void applied(ResourceType type, ObjectNode obj, ObjectNode old) {
    if (!type.equals(SERVICES) || old == null) {
      return;
    }
    Set<String> gone = new LinkedHashSet<>(held(old));
    if (obj != null) {
      gone.removeAll(held(obj));
    }
    release(List.copyOf(gone), RequestContext.of("system:kplane:service-allocator", false));
  }

  private void allocateClusterIp(ObjectNode svc, ObjectNode spec, Set<String> held, List<String> taken,
                                 RequestContext ctx) {
    if ("ExternalName".equals(spec.path("type").asText(""))) {
      return;
    }
    String ip = spec.path("clusterIP").asText("");
    if (ip.isEmpty() && spec.path("clusterIPs").isArray() && !spec.path("clusterIPs").isEmpty()) {
      ip = spec.path("clusterIPs").get(0).asText("");
    }
    if (ip.equals("None")) {
      setClusterIp(spec, "None");
      return;
    }
    if (ip.isEmpty()) {
      ip = allocateRandomIp(svc, taken, ctx);
    } else if (!held.contains(ipName(ip))) {
      if (!ServiceNetwork.isIpv4(ip) || !net.contains(ip)) {
        throw invalidIp(svc, ip, "the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is "
            + net.cidr());
      }
      if (!allocate(ipName(ip), svc, ctx)) {
        throw invalidIp(svc, ip, "provided IP is already allocated");
      }
      taken.add(ipName(ip));
    }
    setClusterIp(spec, ip);
  }

  private static void setClusterIp(ObjectNode spec, String ip) {
    spec.put("clusterIP", ip);
    ArrayNode ips = spec.putArray("clusterIPs");
    ips.add(ip);
  }

  private String allocateRandomIp(ObjectNode svc, List<String> taken, RequestContext ctx) {
    int lo = net.ipUpperBandStart();
    int hi = net.size() - 2;
    for (int band = 0; band < 2; band++) {
      for (int i = 0; i < RANDOM_ATTEMPTS; i++) {
        String ip = net.addressAt(lo + random.nextInt(hi - lo + 1));
        if (!isAllocated(ipName(ip)) && allocate(ipName(ip), svc, ctx)) {
          taken.add(ipName(ip));
          return ip;
        }
      }
      hi = lo - 1;
      lo = 1;
    }
    throw Status.internal("failed to allocate a serviceIP: range is full");
  }

  private void allocateNodePorts(ObjectNode svc, ObjectNode spec, Set<String> held, List<String> taken,
                                 RequestContext ctx) {
    if (!needsNodePorts(spec)) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    JsonNode ports = spec.path("ports");
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode port = (ObjectNode) ports.get(i);
      int wanted = port.path("nodePort").asInt(0);
      String field = "spec.ports[" + i + "].nodePort";
      if (wanted == 0) {
        port.put("nodePort", allocateRandomPort(svc, taken, ctx));
      } else if (!held.contains(portName(wanted)) && !taken.contains(portName(wanted))) {
        claimPort(svc, wanted, field, taken, errors, ctx);
      }
    }
    if (needsHealthCheckNodePort(spec)) {
      int wanted = spec.path("healthCheckNodePort").asInt(0);
      if (wanted == 0) {
        spec.put("healthCheckNodePort", allocateRandomPort(svc, taken, ctx));
      } else if (!held.contains(portName(wanted))) {
        claimPort(svc, wanted, "spec.healthCheckNodePort", taken, errors, ctx);
      }
    }
    if (!errors.isEmpty()) {
      throw Status.invalid(SERVICES, Meta.name(svc), errors);
    }
  }

  private void claimPort(ObjectNode svc, int port, String field, List<String> taken, List<FieldError> errors,
                         RequestContext ctx) {
    if (port < net.portMin() || port > net.portMax()) {
      errors.add(FieldError.invalid(field, port, "provided port is not in the valid range. The range of valid ports is "
          + net.portMin() + "-" + net.portMax()));
    } else if (!allocate(portName(port), svc, ctx)) {
      errors.add(FieldError.invalid(field, port, "provided port is already allocated"));
    } else {
      taken.add(portName(port));
    }
  }

  private int allocateRandomPort(ObjectNode svc, List<String> taken, RequestContext ctx) {
    int lo = net.portUpperBandStart();
    int hi = net.portMax();
    for (int band = 0; band < 2; band++) {
      for (int i = 0; i < RANDOM_ATTEMPTS; i++) {
        int port = lo + random.nextInt(hi - lo + 1);
        if (!isAllocated(portName(port)) && allocate(portName(port), svc, ctx)) {
          taken.add(portName(port));
          return port;
        }
      }
      hi = lo - 1;
      lo = net.portMin();
    }
    throw Status.internal("failed to allocate a nodePort: range is full");
  }

  private static boolean needsNodePorts(JsonNode spec) {
    String type = spec.path("type").asText("ClusterIP");
    return type.equals("NodePort")
        || type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
  }

  private static boolean needsHealthCheckNodePort(JsonNode spec) {
    return spec.path("type").asText("").equals("LoadBalancer")
        && spec.path("externalTrafficPolicy").asText("").equals("Local");
  }

  private ApiException invalidIp(ObjectNode svc, String ip, String why) {
    return Status.invalid(SERVICES, Meta.name(svc), List.of(FieldError.invalid("spec.clusterIPs",
        new FieldError.GoValue("[]string{\"" + ip + "\"}"), "failed to allocate IP " + ip + ": " + why)));
  }

  /** The allocation names a Service holds. */
  static Set<String> held(JsonNode svc) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode spec = svc.path("spec");
    String ip = spec.path("clusterIP").asText("");
    if (ServiceNetwork.isIpv4(ip)) {
      out.add(ipName(ip));
    }
    for (JsonNode port : spec.path("ports")) {
      if (port.path("nodePort").asInt(0) != 0) {
        out.add(portName(port.path("nodePort").asInt()));
      }
    }
    if (spec.path("healthCheckNodePort").asInt(0) != 0) {
      out.add(portName(spec.path("healthCheckNodePort").asInt()));
    }
    return out;
  }

  static String ipName(String ip) {
    return "clusterip." + ip;
  }

  static String portName(int port) {
    return "nodeport." + port;
  }

  private boolean isAllocated(String name) {
    return store.notOlderThan(ALLOCATIONS, 0).current().objects().containsKey(name);
  }

  /** Creates the allocation; false when it exists. A dry run only looks. */
  private boolean allocate(String name, JsonNode svc, RequestContext ctx) {
    if (ctx.dryRun()) {
      return !isAllocated(name);
    }
    ObjectNode a = Json.MAPPER.createObjectNode().put("apiVersion", ALLOCATIONS.apiVersion())
        .put("kind", ALLOCATIONS.kind());
    a.putObject("metadata").put("name", name);
    a.putObject("spec").put("service", Meta.namespace(svc) + "/" + Meta.name(svc));
    try {
      store.create(ALLOCATIONS, null, a, RequestContext.of("system:kplane:service-allocator", false));
      return true;
    } catch (ApiException e) {
      if (e.code() == 409) {
        return false;
      }
      throw e;
    }
  }

  private void release(List<String> names, RequestContext ctx) {
    if (ctx.dryRun()) {
      return;
    }
    for (String name : names) {
      try {
        store.delete(ALLOCATIONS, null, name, dev.kplane.apiserver.registry.DeleteOptions.NONE, RequestContext.of("system:kplane:service-allocator", false));
      } catch (ApiException e) {
        if (e.code() != 404) {
          log.warn("could not release {} ({}); the repair pass will", name, e.getMessage());
        }
      }
    }
  }

  /**
   * Makes allocations agree with Services: every address and port a Service holds has its allocation, and an
   * allocation no Service holds is removed once it is older than the grace period.
   */
  public void repair() {
    Set<String> inUse = new LinkedHashSet<>();
    for (CachedObject s : store.consistent(SERVICES).current().objects().values()) {
      for (String name : held(s.object())) {
        inUse.add(name);
        if (!isAllocated(name) && allocate(name, s.object(), RequestContext.of("system:kplane:repair", false))) {
          log.info("repair: re-created the allocation {} of service {}/{}", name, Meta.namespace(s.object()),
              Meta.name(s.object()));
        }
      }
    }
    Instant cutoff = clock.instant().minus(LEAK_GRACE);
    for (CachedObject a : store.consistent(ALLOCATIONS).current().objects().values()) {
      String name = Meta.name(a.object());
      String created = Meta.text(a.object(), "creationTimestamp");
      if (!inUse.contains(name) && !created.isEmpty() && Instant.parse(created).isBefore(cutoff)) {
        log.info("repair: releasing {}, which no service holds", name);
        release(List.of(name), RequestContext.of("system:kplane:repair", false));
      }
    }
  }
}
