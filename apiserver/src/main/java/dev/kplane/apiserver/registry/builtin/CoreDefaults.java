package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** core/v1 defaults.go (1.32) for the core types other than Pod. */
final class CoreDefaults {
  private CoreDefaults() {}

  static void apply(String resource, ObjectNode obj) {
    switch (resource) {
      case "pods" -> PodSpecDefaults.pod(obj);
      case "podtemplates" -> PodSpecDefaults.template(Nodes.child(obj, "template"));
      case "replicationcontrollers" -> replicationController(obj);
      case "services" -> service(obj);
      case "namespaces" -> namespace(obj);
      case "secrets" -> {
        Nodes.defaultString(obj, "type", "Opaque");
        mergeStringData(obj);
      }
      case "endpoints" -> {
        for (ObjectNode subset : Nodes.items(obj, "subsets")) {
          Nodes.items(subset, "ports").forEach(p -> Nodes.defaultString(p, "protocol", "TCP"));
        }
      }
      case "persistentvolumes" -> persistentVolume(obj);
      case "persistentvolumeclaims" -> persistentVolumeClaim(obj);
      case "nodes" -> node(obj);
      case "limitranges" -> Nodes.items(Nodes.child(obj, "spec"), "limits").forEach(CoreDefaults::limitRangeItem);
      case "resourcequotas" -> {
        ResourceLists.roundUp(Nodes.child(obj, "spec"), "hard");
        ResourceLists.roundUp(Nodes.child(obj, "status"), "hard");
        ResourceLists.roundUp(Nodes.child(obj, "status"), "used");
      }
      default -> { }
    }
  }

  /** Selector and object labels come from the template's labels; replicas is declaratively 1. */
  private static void replicationController(ObjectNode rc) {
    ObjectNode spec = Nodes.childOrCreate(rc, "spec");
    ObjectNode template = Nodes.child(spec, "template");
    JsonNode labels = template == null ? null : Nodes.child(template, "metadata") == null ? null
        : template.get("metadata").get("labels");
    if (labels instanceof ObjectNode l) {
      if (Nodes.isEmptyContainer(spec, "selector")) {
        spec.set("selector", l.deepCopy());
      }
      ObjectNode meta = Nodes.childOrCreate(rc, "metadata");
      if (Nodes.isEmptyContainer(meta, "labels")) {
        meta.set("labels", l.deepCopy());
      }
    }
    Nodes.defaultLong(spec, "replicas", 1);
    PodSpecDefaults.template(template);
  }

  private static void service(ObjectNode svc) {
    ObjectNode spec = Nodes.childOrCreate(svc, "spec");
    Nodes.defaultString(spec, "sessionAffinity", "None");
    String affinity = Nodes.text(spec, "sessionAffinity");
    if (affinity.equals("None")) {
      spec.remove("sessionAffinityConfig");
    } else if (affinity.equals("ClientIP")) {
      ObjectNode clientIp = Nodes.child(Nodes.child(spec, "sessionAffinityConfig"), "clientIP");
      if (clientIp == null || Nodes.isUnset(clientIp, "timeoutSeconds")) {
        spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
      }
    }
    Nodes.defaultString(spec, "type", "ClusterIP");
    String type = Nodes.text(spec, "type");
    for (ObjectNode port : Nodes.items(spec, "ports")) {
      Nodes.defaultString(port, "protocol", "TCP");
      JsonNode target = port.get("targetPort");
      if (target == null || target.isNull() || target.asText().equals("0") || target.asText().isEmpty()) {
        port.set("targetPort", port.get("port"));
      }
    }
    boolean externallyAccessible = type.equals("LoadBalancer") || type.equals("NodePort")
        || (type.equals("ClusterIP") && !Nodes.isEmptyContainer(spec, "externalIPs"));
    if (externallyAccessible) {
      Nodes.defaultString(spec, "externalTrafficPolicy", "Cluster");
    }
    if (List.of("ClusterIP", "NodePort", "LoadBalancer").contains(type)) {
      Nodes.defaultString(spec, "internalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer")) {
      Nodes.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
      ObjectNode lb = Nodes.child(Nodes.child(svc, "status"), "loadBalancer");
      for (ObjectNode ingress : Nodes.items(lb, "ingress")) {
        if (!Nodes.isEmptyString(ingress, "ip") && Nodes.isUnset(ingress, "ipMode")) {
          ingress.put("ipMode", "VIP");
        }
      }
    }
  }

  /** The kubernetes.io/metadata.name label always equals the name; status.phase defaults to Active. */
  private static void namespace(ObjectNode ns) {
    ObjectNode meta = Nodes.childOrCreate(ns, "metadata");
    String name = Nodes.text(meta, "name");
    if (!name.isEmpty()) {
      Nodes.childOrCreate(meta, "labels").put("kubernetes.io/metadata.name", name);
    }
    Nodes.defaultString(Nodes.childOrCreate(ns, "status"), "phase", "Active");
  }

  private static void persistentVolume(ObjectNode pv) {
    Nodes.defaultString(Nodes.childOrCreate(pv, "status"), "phase", "Pending");
    ObjectNode spec = Nodes.childOrCreate(pv, "spec");
    Nodes.defaultString(spec, "persistentVolumeReclaimPolicy", "Retain");
    Nodes.defaultString(spec, "volumeMode", "Filesystem");
    ResourceLists.roundUp(spec, "capacity");
    ObjectNode hostPath = Nodes.child(spec, "hostPath");
    if (hostPath != null && Nodes.isUnset(hostPath, "type")) {
      hostPath.put("type", "");
    }
    VolumeDefaults.rbd(Nodes.child(spec, "rbd"));
    VolumeDefaults.iscsi(Nodes.child(spec, "iscsi"));
    VolumeDefaults.azureDisk(Nodes.child(spec, "azureDisk"));
    VolumeDefaults.scaleIo(Nodes.child(spec, "scaleIO"));
  }

  /** A whole claim, as a PersistentVolumeClaim or a StatefulSet's volumeClaimTemplates item. */
  static void persistentVolumeClaim(ObjectNode pvc) {
    ObjectNode status = Nodes.childOrCreate(pvc, "status");
    Nodes.defaultString(status, "phase", "Pending");
    claimSpec(Nodes.childOrCreate(pvc, "spec"));
    ResourceLists.roundUp(status, "capacity");
    ResourceLists.roundUp(status, "allocatedResources");
  }

  static void claimSpec(ObjectNode spec) {
    Nodes.defaultString(spec, "volumeMode", "Filesystem");
    ObjectNode resources = Nodes.child(spec, "resources");
    if (resources != null) {
      ResourceLists.roundUp(resources, "limits");
      ResourceLists.roundUp(resources, "requests");
    }
  }

  private static void node(ObjectNode node) {
    ObjectNode status = Nodes.child(node, "status");
    if (status == null) {
      return;
    }
    if (Nodes.isUnset(status, "allocatable") && Nodes.child(status, "capacity") != null) {
      status.set("allocatable", status.get("capacity").deepCopy());
    }
    ResourceLists.roundUp(status, "capacity");
    ResourceLists.roundUp(status, "allocatable");
  }

  /** Container limits: default limit from max, default request from the default limit, then from min. */
  private static void limitRangeItem(ObjectNode item) {
    if (Nodes.text(item, "type").equals("Container")) {
      ObjectNode dflt = Nodes.childOrCreate(item, "default");
      ObjectNode dfltRequest = Nodes.childOrCreate(item, "defaultRequest");
      copyMissing(Nodes.child(item, "max"), dflt);
      copyMissing(dflt, dfltRequest);
      copyMissing(Nodes.child(item, "min"), dfltRequest);
      // Go allocates both maps, but an empty map is omitted from the JSON.
      List.of("default", "defaultRequest").forEach(f -> {
        if (item.get(f).isEmpty()) {
          item.remove(f);
        }
      });
    }
    for (String list : List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")) {
      ResourceLists.roundUp(item, list);
    }
  }

  private static void copyMissing(ObjectNode from, ObjectNode to) {
    if (from != null) {
      from.fields().forEachRemaining(e -> {
        if (!to.has(e.getKey())) {
          to.set(e.getKey(), e.getValue().deepCopy());
        }
      });
    }
  }

  /** The v1 conversion writes stringData over data (base64 of its UTF-8) and never stores stringData. */
  private static void mergeStringData(ObjectNode secret) {
    ObjectNode stringData = Nodes.child(secret, "stringData");
    if (stringData != null) {
      ObjectNode data = Nodes.childOrCreate(secret, "data");
      stringData.fields().forEachRemaining(e -> data.put(e.getKey(), java.util.Base64.getEncoder()
          .encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    secret.remove("stringData");
  }

  /**
   * The Service update strategy's patchAllocatedValues: a PUT that leaves out what the server allocated
   * (clusterIP(s), nodePorts, healthCheckNodePort) keeps the old values, so a manifest can be replaced as is.
   */
  static void keepAllocatedServiceValues(ObjectNode svc, ObjectNode old) {
    ObjectNode spec = Nodes.childOrCreate(svc, "spec");
    JsonNode oldSpec = old.path("spec");
    String type = Nodes.text(spec, "type");
    String oldType = Nodes.text(oldSpec, "type");
    if (!type.equals("ExternalName") && !oldType.equals("ExternalName")) {
      if (Nodes.isEmptyString(spec, "clusterIP") && !Nodes.isEmptyString(oldSpec, "clusterIP")) {
        spec.set("clusterIP", oldSpec.get("clusterIP"));
      }
      if (Nodes.isEmptyContainer(spec, "clusterIPs") && !Nodes.isEmptyContainer(oldSpec, "clusterIPs")) {
        spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
      }
    }
    if (needsNodePort(spec) && needsNodePort(oldSpec)) {
      java.util.Set<Long> used = new java.util.HashSet<>();
      java.util.Set<Long> newUsed = new java.util.HashSet<>();
      Nodes.items(oldSpec, "ports").forEach(p -> used.add(p.path("nodePort").asLong(0)));
      Nodes.items(spec, "ports").forEach(p -> newUsed.add(p.path("nodePort").asLong(0)));
      used.retainAll(newUsed);
      java.util.Map<String, Long> byName = new java.util.HashMap<>();
      Nodes.items(oldSpec, "ports").forEach(p -> byName.put(Nodes.text(p, "name"), p.path("nodePort").asLong(0)));
      for (ObjectNode p : Nodes.items(spec, "ports")) {
        long oldValue = byName.getOrDefault(Nodes.text(p, "name"), 0L);
        if (Nodes.isZeroInt(p, "nodePort") && oldValue != 0 && !used.contains(oldValue)) {
          Nodes.putNumber(p, "nodePort", oldValue);
        }
      }
    }
    boolean hcNeeded = type.equals("LoadBalancer") && Nodes.text(spec, "externalTrafficPolicy").equals("Local")
        && oldType.equals("LoadBalancer") && Nodes.text(oldSpec, "externalTrafficPolicy").equals("Local");
    if (hcNeeded && Nodes.isZeroInt(spec, "healthCheckNodePort") && !Nodes.isZeroInt(oldSpec, "healthCheckNodePort")) {
      spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort"));
    }
    ServiceIpFamilies.apply(spec);
  }

  private static boolean needsNodePort(JsonNode spec) {
    String type = Nodes.text(spec, "type");
    return type.equals("NodePort")
        || (type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
  }
}
