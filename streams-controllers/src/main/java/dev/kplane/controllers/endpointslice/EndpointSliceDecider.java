package dev.kplane.controllers.endpointslice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The EndpointSlice controller's reconcile (pkg/controller/endpointslice/reconciler.go, Reconcile,
 * reconcileByAddressType, reconcileByPortMapping, finalize): the slices of a Service from the pods its selector
 * matches, one set per address type and per distinct port mapping, at most {@link #MAX_ENDPOINTS_PER_SLICE}
 * endpoints a slice, changing as few slices as it can.
 */
public final class EndpointSliceDecider {
  /** --max-endpoints-per-slice default. */
  public static final int MAX_ENDPOINTS_PER_SLICE = 100;
  public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
  public static final String LABEL_SERVICE_NAME = "kubernetes.io/service-name";
  public static final String LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  public static final String LABEL_HEADLESS = "service.kubernetes.io/headless";

  private EndpointSliceDecider() {}

  /** What to write: new slices (named), updated slices (with their resourceVersion), slices to delete. */
  public record Changes(List<ObjectNode> creates, List<ObjectNode> updates, List<JsonNode> deletes) {
    public boolean isEmpty() {
      return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }
  }

  /**
   * @param existing the slices labelled with the service's name and managed by this controller
   * @param suffix five random characters for each new slice's name (generateName's suffix)
   */
  public static Changes reconcile(JsonNode service, List<JsonNode> pods, List<JsonNode> existing, int maxPerSlice,
                                  Supplier<String> suffix) {
    List<ObjectNode> creates = new ArrayList<>();
    List<ObjectNode> updates = new ArrayList<>();
    List<JsonNode> deletes = new ArrayList<>();
    Set<String> types = PodEndpoints.addressTypes(service);
    Map<String, List<JsonNode>> byType = new LinkedHashMap<>();
    for (JsonNode s : existing) {
      String t = s.path("addressType").asText();
      if (!types.contains(t)) {
        deletes.add(s);
      } else {
        byType.computeIfAbsent(t, k -> new ArrayList<>()).add(s);
      }
    }
    for (String type : types) {
      byAddressType(service, pods, byType.getOrDefault(type, List.of()), type, maxPerSlice, suffix, creates, updates,
          deletes);
    }
    return new Changes(creates, updates, deletes);
  }

  private static void byAddressType(JsonNode service, List<JsonNode> pods, List<JsonNode> existing, String type,
                                    int max, Supplier<String> suffix, List<ObjectNode> allCreates,
                                    List<ObjectNode> allUpdates, List<JsonNode> allDeletes) {
    List<ObjectNode> creates = new ArrayList<>();
    List<ObjectNode> updates = new ArrayList<>();
    List<JsonNode> deletes = new ArrayList<>();
    Map<String, List<JsonNode>> existingByPorts = new LinkedHashMap<>();
    for (JsonNode s : existing) {
      if (ownedBy(s, service)) {
        existingByPorts.computeIfAbsent(portsKey(s.path("ports")), k -> new ArrayList<>()).add(s);
      } else {
        deletes.add(s);
      }
    }
    Map<String, ArrayNode> portsByKey = new LinkedHashMap<>();
    Map<String, Map<String, ObjectNode>> desiredByPorts = new LinkedHashMap<>();
    for (JsonNode pod : pods) {
      if (!PodEndpoints.shouldBeInEndpoints(pod, true)) {
        continue;
      }
      ArrayNode ports = PodEndpoints.endpointPorts(service, pod);
      String key = portsKey(ports);
      portsByKey.putIfAbsent(key, ports);
      Map<String, ObjectNode> set = desiredByPorts.computeIfAbsent(key, k -> new LinkedHashMap<>());
      ObjectNode ep = endpoint(pod, service, type);
      if (!ep.path("addresses").isEmpty()) {
        set.put(identity(ep), ep);
      }
    }
    for (Map.Entry<String, Map<String, ObjectNode>> e : desiredByPorts.entrySet()) {
      byPortMapping(service, existingByPorts.getOrDefault(e.getKey(), List.of()), e.getValue(),
          portsByKey.get(e.getKey()), type, max, suffix, creates, updates, deletes);
    }
    existingByPorts.forEach((key, slices) -> {
      if (!desiredByPorts.containsKey(key)) {
        deletes.addAll(slices);
      }
    });
    if (existing.size() == deletes.size() && creates.isEmpty()) {
      ObjectNode placeholder = newSlice(service, Json.MAPPER.createArrayNode(), type, suffix);
      if (deletes.size() == 1 && samePlaceholder(deletes.get(0), placeholder, service)) {
        deletes.clear();
      } else {
        creates.add(placeholder);
      }
    }
    // finalize: a create and a delete of the same address type become an update of the slice to delete
    for (int i = 0; i < deletes.size() && !creates.isEmpty(); ) {
      JsonNode doomed = deletes.get(i);
      if (ownedBy(doomed, service)) {
        ObjectNode reused = creates.remove(creates.size() - 1);
        ObjectNode meta = reused.withObject("metadata");
        meta.put("name", doomed.path("metadata").path("name").asText());
        meta.put("resourceVersion", doomed.path("metadata").path("resourceVersion").asText());
        updates.add(reused);
        deletes.remove(i);
      } else {
        i++;
      }
    }
    allCreates.addAll(creates);
    allUpdates.addAll(updates);
    allDeletes.addAll(deletes);
  }

  /** reconcileByPortMapping for the slices of one address type and port mapping. */
  private static void byPortMapping(JsonNode service, List<JsonNode> existing, Map<String, ObjectNode> desired,
                                    ArrayNode ports, String type, int max, Supplier<String> suffix,
                                    List<ObjectNode> creates, List<ObjectNode> updates, List<JsonNode> deletes) {
    Map<String, ObjectNode> wanted = new LinkedHashMap<>(desired);
    List<ObjectNode> toUpdate = new ArrayList<>();
    List<ObjectNode> unchanged = new ArrayList<>();
    ObjectNode labels = labels(service);
    for (JsonNode slice : existing) {
      ArrayNode kept = Json.MAPPER.createArrayNode();
      boolean endpointChanged = false;
      for (JsonNode ep : slice.path("endpoints")) {
        ObjectNode got = wanted.remove(identity(ep));
        if (got != null) {
          kept.add(got);
          endpointChanged |= !got.equals(ep);
        }
      }
      boolean labelsChanged = !labels.equals(slice.path("metadata").path("labels"));
      if (endpointChanged || kept.size() != slice.path("endpoints").size()) {
        if (kept.isEmpty()) {
          deletes.add(slice);
        } else {
          ObjectNode copy = slice.deepCopy();
          copy.set("endpoints", kept);
          copy.withObject("metadata").set("labels", labels.deepCopy());
          toUpdate.add(copy);
        }
      } else if (labelsChanged) {
        ObjectNode copy = slice.deepCopy();
        copy.withObject("metadata").set("labels", labels.deepCopy());
        toUpdate.add(copy);
      } else {
        unchanged.add(slice.deepCopy());
      }
    }
    if (!wanted.isEmpty() && !toUpdate.isEmpty()) {
      // fill the fullest slices first
      toUpdate.sort(Comparator.comparingInt((ObjectNode s) -> s.path("endpoints").size()).reversed());
      for (ObjectNode s : toUpdate) {
        fill(s, wanted, max);
      }
    }
    while (!wanted.isEmpty()) {
      ObjectNode target = null;
      if (wanted.size() < max && !unchanged.isEmpty()) {
        target = closestToFull(unchanged, wanted.size(), max);
      }
      if (target == null) {
        target = newSlice(service, ports, type, suffix);
        fill(target, wanted, max);
        creates.add(target);
      } else {
        unchanged.remove(target);
        fill(target, wanted, max);
        toUpdate.add(target);
      }
    }
    updates.addAll(toUpdate);
  }

  private static void fill(ObjectNode slice, Map<String, ObjectNode> wanted, int max) {
    ArrayNode eps = slice.withArray("endpoints");
    var it = wanted.values().iterator();
    while (it.hasNext() && eps.size() < max) {
      eps.add(it.next());
      it.remove();
    }
  }

  /** getSliceToFill: the unchanged slice the remaining endpoints fill closest to full. */
  private static ObjectNode closestToFull(List<ObjectNode> slices, int count, int max) {
    int closest = max;
    ObjectNode best = null;
    for (ObjectNode s : slices) {
      int diff = max - (count + s.path("endpoints").size());
      if (diff >= 0 && diff < closest) {
        closest = diff;
        best = s;
        if (diff == 0) {
          break;
        }
      }
    }
    return best;
  }

  /** podToEndpoint. */
  static ObjectNode endpoint(JsonNode pod, JsonNode service, String type) {
    boolean serving = PodEndpoints.ready(pod);
    boolean terminating = PodEndpoints.terminating(pod);
    boolean ready = service.path("spec").path("publishNotReadyAddresses").asBoolean(false) || (serving && !terminating);
    ObjectNode ep = Json.MAPPER.createObjectNode();
    ArrayNode addresses = ep.putArray("addresses");
    for (String ip : PodEndpoints.ips(pod)) {
      if (PodEndpoints.isIPv6(ip) == type.equals("IPv6")) {
        addresses.add(ip);
      }
    }
    ep.putObject("conditions").put("ready", ready).put("serving", serving).put("terminating", terminating);
    if (PodEndpoints.shouldSetHostname(pod, service)) {
      ep.put("hostname", pod.path("spec").path("hostname").asText());
    }
    ep.set("targetRef", PodEndpoints.targetRef(pod));
    String node = pod.path("spec").path("nodeName").asText("");
    if (!node.isEmpty()) {
      ep.put("nodeName", node);
    }
    return ep;
  }

  /** The EndpointSet hash: sorted addresses, hostname, target namespace and name. */
  static String identity(JsonNode ep) {
    List<String> addresses = new ArrayList<>();
    ep.path("addresses").forEach(a -> addresses.add(a.asText()));
    addresses.sort(null);
    return String.join(",", addresses) + "|" + ep.path("hostname").asText("") + "|"
        + ep.path("targetRef").path("namespace").asText("") + "/" + ep.path("targetRef").path("name").asText("");
  }

  /** NewPortMapKey: the ports in a fixed order. */
  static String portsKey(JsonNode ports) {
    List<String> each = new ArrayList<>();
    for (JsonNode p : ports) {
      Map<String, String> sorted = new TreeMap<>();
      p.fields().forEachRemaining(f -> sorted.put(f.getKey(), f.getValue().asText()));
      each.add(sorted.toString());
    }
    each.sort(null);
    return each.toString();
  }

  static boolean ownedBy(JsonNode slice, JsonNode service) {
    String uid = service.path("metadata").path("uid").asText();
    for (JsonNode r : slice.path("metadata").path("ownerReferences")) {
      if (r.path("uid").asText().equals(uid) && r.path("kind").asText().equals("Service")) {
        return true;
      }
    }
    return false;
  }

  /** setEndpointSliceLabels: the service's labels (less the reserved ones), service name, manager, headless. */
  static ObjectNode labels(JsonNode service) {
    ObjectNode labels = Json.MAPPER.createObjectNode();
    service.path("metadata").path("labels").fields().forEachRemaining(e -> {
      if (!Set.of(LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS).contains(e.getKey())) {
        labels.set(e.getKey(), e.getValue());
      }
    });
    if (PodEndpoints.headless(service)) {
      labels.put(LABEL_HEADLESS, "");
    }
    labels.put(LABEL_SERVICE_NAME, service.path("metadata").path("name").asText());
    labels.put(LABEL_MANAGED_BY, CONTROLLER_NAME);
    return labels;
  }

  /** newEndpointSlice: named {@code <service>-<5 random>} (generateName's way), owned by the service. */
  static ObjectNode newSlice(JsonNode service, ArrayNode ports, String type, Supplier<String> suffix) {
    String svc = service.path("metadata").path("name").asText();
    String prefix = svc + "-";
    ObjectNode slice = Json.MAPPER.createObjectNode().put("apiVersion", "discovery.k8s.io/v1")
        .put("kind", "EndpointSlice");
    ObjectNode meta = slice.putObject("metadata");
    meta.put("name", prefix.substring(0, Math.min(prefix.length(), 58)) + suffix.get());
    meta.put("namespace", service.path("metadata").path("namespace").asText());
    meta.set("labels", labels(service));
    meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Service").put("name", svc)
        .put("uid", service.path("metadata").path("uid").asText()).put("controller", true)
        .put("blockOwnerDeletion", true);
    slice.put("addressType", type);
    slice.putArray("endpoints");
    slice.set("ports", ports.deepCopy());
    return slice;
  }

  /** placeholderSliceCompare: same owner, namespace, labels, address type, and no endpoints nor ports. */
  private static boolean samePlaceholder(JsonNode existing, ObjectNode placeholder, JsonNode service) {
    return ownedBy(existing, service)
        && existing.path("metadata").path("namespace").equals(placeholder.path("metadata").path("namespace"))
        && existing.path("metadata").path("labels").equals(placeholder.path("metadata").path("labels"))
        && existing.path("addressType").equals(placeholder.path("addressType"))
        && existing.path("endpoints").isEmpty() && existing.path("ports").isEmpty();
  }
}
