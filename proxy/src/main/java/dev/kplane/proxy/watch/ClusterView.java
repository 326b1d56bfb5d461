package dev.kplane.proxy.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.List;

/** The Services and EndpointSlices of the cluster at one moment. */
public record ClusterView(Collection<Service> services, Collection<EndpointSlice> slices) {
  public static final ClusterView EMPTY = new ClusterView(List.of(), List.of());

  public ClusterView {
    services = List.copyOf(services);
    slices = List.copyOf(slices);
  }
}
