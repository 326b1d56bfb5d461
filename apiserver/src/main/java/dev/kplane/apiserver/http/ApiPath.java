package dev.kplane.apiserver.http;

import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed resource path: /api/v1/... or /apis/{group}/{version}/..., then [watch/] [namespaces/{ns}/]
 * {resource} [/{name} [/{subresource}]].
 *
 * @param namespace null for cluster-scoped types and for lists across all namespaces
 */
record ApiPath(ResourceType type, String namespace, String name, String subresource, boolean watchPrefix) {

  /** Parses a path below /api or /apis; null when it is a discovery path (no resource segment). */
  static ApiPath parse(String path, ResourceRegistry registry) {
    List<String> segs = new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/+")));
    String group;
    String version;
    if (segs.get(0).equals("api") && segs.size() >= 2) {
      group = "";
      version = segs.get(1);
      segs = segs.subList(2, segs.size());
    } else if (segs.get(0).equals("apis") && segs.size() >= 3) {
      group = segs.get(1);
      version = segs.get(2);
      segs = segs.subList(3, segs.size());
    } else {
      return null;
    }
    if (segs.isEmpty()) {
      return null;
    }
    boolean watch = false;
    if (segs.get(0).equals("watch")) {
      watch = true;
      segs = segs.subList(1, segs.size());
    }
    String namespace = null;
    if (segs.size() >= 3 && segs.get(0).equals("namespaces")) {
      var nested = registry.find(group, version, segs.get(2));
      if (nested.isPresent() && nested.get().namespaced()) {
        namespace = segs.get(1);
        segs = segs.subList(2, segs.size());
      }
    }
    if (segs.isEmpty() || segs.size() > 3) {
      throw Status.pathNotFound();
    }
    ResourceType type = registry.find(group, version, segs.get(0)).orElseThrow(Status::pathNotFound);
    String name = segs.size() >= 2 ? segs.get(1) : null;
    String sub = segs.size() == 3 ? segs.get(2) : null;
    if (type.namespaced() && name != null && namespace == null) {
      throw Status.pathNotFound();
    }
    if (sub != null && !type.subresources().contains(sub)) {
      throw Status.pathNotFound();
    }
    return new ApiPath(type, namespace, name, sub, watch);
  }
}
