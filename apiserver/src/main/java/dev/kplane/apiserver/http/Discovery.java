package dev.kplane.apiserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.registry.ResourceRegistry;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents: the legacy ones (/api, /apis, /apis/{group}, the resource list of each group
 * version) and the aggregated ones (apidiscovery.k8s.io/v2 APIGroupDiscoveryList at /api and /apis) that
 * kubectl and client-go ask for first.
 */
final class Discovery {
  /** The media type of an aggregated discovery answer; client-go checks the response's Content-Type for it. */
  static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

  /** A subresource as discovery shows it: its verbs and the kind its requests and answers carry. */
  record Subresource(List<String> verbs, String group, String version, String kind) {}

  private static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");

  private final ResourceRegistry registry;

  Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  /** What kube-apiserver serves under each subresource name (pkg/registry/.../storage). */
  static Subresource subresource(ResourceType t, String name) {
    return switch (name) {
      case "scale" -> new Subresource(GET_PATCH_UPDATE, "autoscaling", "v1", "Scale");
      case "binding" -> new Subresource(List.of("create"), "", "v1", "Binding");
      case "eviction" -> new Subresource(List.of("create"), "policy", "v1", "Eviction");
      case "log" -> new Subresource(List.of("get"), "", "v1", "Pod");
      case "exec" -> new Subresource(List.of("create", "get"), "", "v1", "PodExecOptions");
      case "attach" -> new Subresource(List.of("create", "get"), "", "v1", "PodAttachOptions");
      case "portforward" -> new Subresource(List.of("create", "get"), "", "v1", "PodPortForwardOptions");
      case "proxy" -> new Subresource(List.of("create", "delete", "get", "patch", "update"), "", "v1",
          t.kind() + "ProxyOptions");
      case "token" -> new Subresource(List.of("create"), "authentication.k8s.io", "v1", "TokenRequest");
      case "finalize" -> new Subresource(List.of("update"), "", "v1", t.kind());
      default -> new Subresource(GET_PATCH_UPDATE, t.group(), t.version(), t.kind());
    };
  }

  ObjectNode apiVersions(String serverAddress) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("kind", "APIVersions");
    n.putArray("versions").add("v1");
    n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
    return n;
  }

  ObjectNode groupList() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("kind", "APIGroupList");
    n.put("apiVersion", "v1");
    ArrayNode groups = n.putArray("groups");
    for (Map.Entry<String, List<String>> g : registry.groupVersions().entrySet()) {
      if (!g.getKey().isEmpty()) {
        groups.add(group(g.getKey(), g.getValue()));
      }
    }
    return n;
  }

  /** null when the group is not served. */
  ObjectNode group(String name) {
    List<String> versions = registry.groupVersions().get(name);
    if (versions == null || name.isEmpty()) {
      return null;
    }
    ObjectNode g = group(name, versions);
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    return g;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.MAPPER.createObjectNode();
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      vs.addObject().put("groupVersion", name + "/" + v).put("version", v);
    }
    g.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
    return g;
  }

  /** null when the group version is not served. */
  ObjectNode resourceList(String group, String version) {
    List<ResourceType> types = registry.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("kind", "APIResourceList");
    n.put("apiVersion", "v1");
    n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = n.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = resources.addObject();
      r.put("name", t.resource());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      strings(r, "verbs", t.verbs());
      strings(r, "shortNames", t.shortNames());
      strings(r, "categories", t.categories());
      for (String name : t.subresources()) {
        Subresource sub = subresource(t, name);
        ObjectNode s = resources.addObject();
        s.put("name", t.resource() + "/" + name);
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        if (!sub.group().equals(t.group())) {
          s.put("group", sub.group());
        }
        if (!sub.version().equals(t.version())) {
          s.put("version", sub.version());
        }
        s.put("kind", sub.kind());
        strings(s, "verbs", sub.verbs());
      }
    }
    return n;
  }

  /**
   * The aggregated discovery document of the legacy group (/api, legacy = true) or of every named group
   * (/apis): one entry per group, its versions newest first, each with its resources and subresources.
   */
  ObjectNode aggregated(boolean legacy, String apiVersion) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("kind", "APIGroupDiscoveryList");
    n.put("apiVersion", apiVersion);
    n.putObject("metadata");
    ArrayNode items = n.putArray("items");
    for (Map.Entry<String, List<String>> g : registry.groupVersions().entrySet()) {
      if (g.getKey().isEmpty() != legacy) {
        continue;
      }
      ObjectNode item = items.addObject();
      ObjectNode meta = item.putObject("metadata");
      if (!legacy) {
        meta.put("name", g.getKey());
      }
      meta.putNull("creationTimestamp");
      ArrayNode versions = item.putArray("versions");
      for (String v : g.getValue()) {
        ObjectNode version = versions.addObject();
        version.put("version", v);
        ArrayNode resources = version.putArray("resources");
        registry.inGroupVersion(g.getKey(), v).forEach(t -> resources.add(aggregatedResource(t)));
        version.put("freshness", "Current");
      }
    }
    return n;
  }

  private static ObjectNode aggregatedResource(ResourceType t) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("resource", t.resource());
    kind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", t.singular());
    strings(r, "verbs", t.verbs());
    strings(r, "shortNames", t.shortNames());
    strings(r, "categories", t.categories());
    if (!t.subresources().isEmpty()) {
      ArrayNode subs = r.putArray("subresources");
      for (String name : t.subresources()) {
        Subresource sub = subresource(t, name);
        ObjectNode s = subs.addObject();
        s.put("subresource", name);
        kind(s.putObject("responseKind"), sub.group(), sub.version(), sub.kind());
        strings(s, "verbs", sub.verbs());
      }
    }
    return r;
  }

  private static void kind(ObjectNode n, String group, String version, String kind) {
    n.put("group", group).put("version", version).put("kind", kind);
  }

  /** Lists are left out when empty, as Go's omitempty does; verbs are always there. */
  private static void strings(ObjectNode n, String field, List<String> values) {
    if (!values.isEmpty() || field.equals("verbs")) {
      ArrayNode a = n.putArray(field);
      values.forEach(a::add);
    }
  }
}
