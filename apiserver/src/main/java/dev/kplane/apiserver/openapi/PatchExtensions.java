package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The strategic-merge and server-side-apply metadata of a property ({@code x-kubernetes-patch-strategy},
 * {@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys}, ...), as
 * kube-apiserver publishes it on the property's schema. The Java client's models do not carry it, so the table that
 * knows it (the patch registry) plugs in here; the generator copies what it returns onto the property.
 */
@FunctionalInterface
public interface PatchExtensions {
  /** No metadata: properties are published without patch extensions. */
  PatchExtensions NONE = (definition, property) -> Map.of();

  /**
   * @param definition the definition name, e.g. "io.k8s.api.core.v1.PodSpec"
   * @param property the JSON property name, e.g. "containers"
   * @return extension name to value, e.g. {"x-kubernetes-patch-merge-key": "name"}; empty when none
   */
  Map<String, JsonNode> forProperty(String definition, String property);
}
