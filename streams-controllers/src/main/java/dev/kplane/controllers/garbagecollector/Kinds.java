package dev.kplane.controllers.garbagecollector;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.List;
import java.util.Optional;

/** The types the collector watches, and the type an ownerReference's apiVersion and kind name. */
final class Kinds {
  /**
   * Every stored built-in type but events, which upstream's collector ignores too (ignoredResources); custom
   * resources are not watched (their topics come and go with their CRDs).
   */
  static final List<ResourceType> WATCHED = BuiltinResources.ALL_TYPES.stream()
      .filter(ResourceType::stored)
      .filter(t -> !t.resource().equals("events"))
      .toList();

  private Kinds() {}

  static Optional<ResourceType> of(String apiVersion, String kind) {
    return WATCHED.stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
  }

  static Optional<ResourceType> byResource(String groupResource) {
    return WATCHED.stream().filter(t -> t.groupResource().equals(groupResource)).findFirst();
  }
}
