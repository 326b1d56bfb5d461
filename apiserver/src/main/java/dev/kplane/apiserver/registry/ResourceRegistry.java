package dev.kplane.apiserver.registry;

import dev.kplane.apiserver.crd.CustomResource;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The resource types this API server serves, by group, version and plural name: the built-in ones and the served
 * versions of the CustomResourceDefinitions, with what serving a custom resource needs (its {@link CustomResource}).
 * A CRD's versions are swapped in and out in one step, so a request never sees half of a change.
 */
public final class ResourceRegistry {
  /** Every served type and, for custom resources, their definition; replaced whole on each change. */
  private record Served(List<ResourceType> types, Map<ResourceType, CustomResource> custom) {}

  private volatile Served served;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ResourceRegistry(Collection<ResourceType> initial) {
    served = new Served(List.copyOf(initial), Map.of());
  }

  public static ResourceRegistry builtin() {
    return new ResourceRegistry(BuiltinResources.ALL_TYPES);
  }

  public Optional<ResourceType> find(String group, String version, String resource) {
    for (ResourceType t : served.types()) {
      if (t.group().equals(group) && t.version().equals(version) && t.resource().equals(resource)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public List<ResourceType> all() {
    return served.types();
  }

  /** Groups in the order discovery lists them (core first), each with its versions. */
  public Map<String, List<String>> groupVersions() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ResourceType t : served.types()) {
      List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    return out;
  }

  public List<ResourceType> inGroupVersion(String group, String version) {
    return served.types().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
  }

  /** The definition of a custom resource type; empty for built-in types. */
  public Optional<CustomResource> customResource(ResourceType type) {
    return Optional.ofNullable(served.custom().get(type));
  }

  /** Every served custom resource version. */
  public Collection<CustomResource> customResources() {
    return served.custom().values();
  }

  /**
   * Serves exactly these versions of a CRD (none: stops serving it), replacing what was served for it. A version
   * whose group, version and plural a built-in type or another CRD already serves is skipped.
   */
  public void serveCustomResource(String crdName, List<CustomResource> versions) {
    synchronized (this) {
      Served before = served;
      List<ResourceType> types = new ArrayList<>();
      Map<ResourceType, CustomResource> custom = new LinkedHashMap<>();
      for (ResourceType t : before.types()) {
        CustomResource cr = before.custom().get(t);
        if (cr == null || !cr.crdName().equals(crdName)) {
          types.add(t);
          if (cr != null) {
            custom.put(t, cr);
          }
        }
      }
      for (CustomResource cr : versions) {
        ResourceType t = cr.type();
        boolean taken = types.stream().anyMatch(o -> o.group().equals(t.group()) && o.version().equals(t.version())
            && o.resource().equals(t.resource()));
        if (!taken) {
          types.add(t);
          custom.put(t, cr);
        }
      }
      if (types.equals(before.types()) && custom.equals(before.custom())) {
        return;
      }
      served = new Served(List.copyOf(types), Map.copyOf(custom));
    }
    listeners.forEach(Runnable::run);
  }

  /** Called after every change of the served custom resources (OpenAPI rebuilds its documents). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
