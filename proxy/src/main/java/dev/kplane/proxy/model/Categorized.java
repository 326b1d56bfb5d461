package dev.kplane.proxy.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The endpoints of a service port split by traffic policy, as kube-proxy's CategorizeEndpoints does it (without
 * topology hints): ready endpoints, or when none is ready the serving-and-terminating ones.
 *
 * @param cluster endpoints for "Cluster" policy traffic
 * @param local endpoints on this node for "Local" policy traffic
 * @param allReachable every endpoint some traffic may reach (the endpoint chains to write)
 * @param hasAny whether the service has usable endpoints anywhere in the cluster
 */
public record Categorized(List<Endpoint> cluster, List<Endpoint> local, List<Endpoint> allReachable, boolean hasAny) {

  public static Categorized of(ServicePortInfo svc) {
    List<Endpoint> eps = svc.endpoints();
    List<Endpoint> cluster = List.of();
    boolean hasAny = false;
    if (svc.usesClusterEndpoints()) {
      cluster = filter(eps, Endpoint::ready);
      if (cluster.isEmpty()) {
        cluster = filter(eps, e -> e.serving() && e.terminating());
      }
      hasAny = !cluster.isEmpty();
    }
    if (!svc.usesLocalEndpoints()) {
      return new Categorized(cluster, List.of(), cluster, hasAny);
    }
    boolean localReady = false;
    boolean localServingTerminating = false;
    for (Endpoint e : eps) {
      if (e.ready()) {
        hasAny = true;
        localReady |= e.local();
      } else if (e.serving() && e.terminating()) {
        hasAny = true;
        localServingTerminating |= e.local();
      }
    }
    List<Endpoint> local = localReady ? filter(eps, e -> e.local() && e.ready())
        : localServingTerminating ? filter(eps, e -> e.local() && e.serving() && e.terminating())
        : List.of();
    if (!svc.usesClusterEndpoints()) {
      return new Categorized(List.of(), local, local, hasAny);
    }
    LinkedHashSet<Endpoint> all = new LinkedHashSet<>(cluster);
    all.addAll(local);
    return new Categorized(cluster, local, new ArrayList<>(all), hasAny);
  }

  /** Endpoints for traffic to the ClusterIP: the local ones when internalTrafficPolicy is Local. */
  public List<Endpoint> internal(ServicePortInfo svc) {
    return svc.internalPolicyLocal() ? local : cluster;
  }

  /** Endpoints for NodePort and external IP traffic: the local ones when externalTrafficPolicy is Local. */
  public List<Endpoint> external(ServicePortInfo svc) {
    return svc.externalPolicyLocal() ? local : cluster;
  }

  private static List<Endpoint> filter(List<Endpoint> eps, Predicate<Endpoint> p) {
    return eps.stream().filter(p).toList();
  }
}
