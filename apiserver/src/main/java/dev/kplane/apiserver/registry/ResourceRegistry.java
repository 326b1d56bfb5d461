package dev.kplane.apiserver.registry;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The resource types this API server serves, by group, version and plural name. */
public final class ResourceRegistry {
  private final List<ResourceType> types = new CopyOnWriteArrayList<>();

  public ResourceRegistry(Collection<ResourceType> initial) {
    types.addAll(initial);
  }

  public static ResourceRegistry builtin() {
    return new ResourceRegistry(BuiltinResources.ALL_TYPES);
  }

  public Optional<ResourceType> find(String group, String version, String resource) {
    for (ResourceType t : types) {
      if (t.group().equals(group) && t.version().equals(version) && t.resource().equals(resource)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public List<ResourceType> all() {
    return List.copyOf(types);
  }

  /** Groups in the order discovery lists them (core first), each with its versions. */
  public Map<String, List<String>> groupVersions() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ResourceType t : types) {
      List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    return out;
  }

  public List<ResourceType> inGroupVersion(String group, String version) {
    return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
  }
}
