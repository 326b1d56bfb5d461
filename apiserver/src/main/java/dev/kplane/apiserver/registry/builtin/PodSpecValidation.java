package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The core of ValidatePodSpec and ValidatePodTemplateSpec (pkg/apis/core/validation, 1.32), shared by Pods and
 * every workload template: containers, ports, env, volumes and mounts, resources, restart and DNS policies.
 */
final class PodSpecValidation {
  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

  private PodSpecValidation() {}

  /** ValidatePodTemplateSpec at path (e.g. "spec.template"); labels are reported at path.labels, as kube does. */
  static void template(List<FieldError> errs, JsonNode template, String path) {
    JsonNode meta = template.path("metadata");
    errs.addAll(NameValidation.validateLabels(Nodes.stringMap(meta.get("labels")), path + ".labels"));
    errs.addAll(NameValidation.validateAnnotations(Nodes.stringMap(meta.get("annotations")), path + ".annotations"));
    spec(errs, template.path("spec"), path + ".spec");
    if (!Nodes.isEmptyContainer(template.path("spec"), "ephemeralContainers")) {
      errs.add(FieldError.forbidden(path + ".spec.ephemeralContainers", "ephemeral containers not allowed in pod template"));
    }
  }

  static void spec(List<FieldError> errs, JsonNode spec, String path) {
    Set<String> volumes = volumes(errs, spec, path + ".volumes");
    containers(errs, spec, volumes, path + ".containers");
    initContainers(errs, spec, volumes, path + ".initContainers");
    String restart = Nodes.text(spec, "restartPolicy");
    enumValue(errs, restart, List.of("Always", "OnFailure", "Never"), path + ".restartPolicy");
    String dns = Nodes.text(spec, "dnsPolicy");
    enumValue(errs, dns, List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"), path + ".dnsPolicy");
    errs.addAll(NameValidation.validateLabels(Nodes.stringMap(spec.get("nodeSelector")), path + ".nodeSelector"));
    String sa = Nodes.text(spec, "serviceAccountName");
    if (!sa.isEmpty()) {
      NameValidation.isDns1123Subdomain(sa).forEach(m -> errs.add(FieldError.invalid(path + ".serviceAccountName", sa, m)));
    }
    String node = Nodes.text(spec, "nodeName");
    if (!node.isEmpty()) {
      NameValidation.isDns1123Subdomain(node).forEach(m -> errs.add(FieldError.invalid(path + ".nodeName", node, m)));
    }
    JsonNode deadline = spec.get("activeDeadlineSeconds");
    if (deadline != null && deadline.isNumber() && (deadline.asLong() < 1 || deadline.asLong() > Integer.MAX_VALUE)) {
      errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", deadline.asLong(),
          "must be between 1 and 2147483647, inclusive"));
    }
    for (String f : List.of("hostname", "subdomain")) {
      if (!Nodes.isEmptyString(spec, f)) {
        Errs.dnsLabel(errs, Nodes.text(spec, f), path + "." + f);
      }
    }
  }

  /** A required enum: Required when empty, else NotSupported listing the values in kube's order. */
  static void enumValue(List<FieldError> errs, String value, List<String> valid, String path) {
    if (value.isEmpty()) {
      errs.add(FieldError.required(path, ""));
    } else if (!valid.contains(value)) {
      errs.add(Errs.notSupported(path, value, valid));
    }
  }

  /** ValidateVolumes: returns the names of the valid volumes, which are the ones mounts may refer to. */
  private static Set<String> volumes(List<FieldError> errs, JsonNode spec, String path) {
    Set<String> names = new HashSet<>();
    List<ObjectNode> vols = Nodes.items(spec, "volumes");
    for (int i = 0; i < vols.size(); i++) {
      ObjectNode vol = vols.get(i);
      String idx = Errs.index(path, i);
      List<FieldError> el = new ArrayList<>();
      volumeSource(el, vol, idx);
      String name = Nodes.text(vol, "name");
      if (name.isEmpty()) {
        el.add(FieldError.required(idx + ".name", ""));
      } else {
        Errs.dnsLabel(el, name, idx + ".name");
      }
      if (names.contains(name)) {
        el.add(Errs.duplicate(idx + ".name", name));
      }
      if (el.isEmpty()) {
        names.add(name);
      } else {
        errs.addAll(el);
      }
    }
    return names;
  }

  /** Exactly one source, plus the required names of the common ones. */
  private static void volumeSource(List<FieldError> errs, ObjectNode vol, String path) {
    int sources = 0;
    for (String s : VOLUME_SOURCE_ORDER) {
      ObjectNode src = Nodes.child(vol, s);
      if (src == null) {
        continue;
      }
      if (sources++ > 0) {
        errs.add(FieldError.forbidden(path + "." + s, "may not specify more than 1 volume type"));
        continue;
      }
      String required = REQUIRED_SOURCE_FIELD.get(s);
      if (required != null && Nodes.isEmptyString(src, required)) {
        errs.add(FieldError.required(path + "." + s + "." + required, ""));
      }
      JsonNode mode = src.get("defaultMode");
      if (mode != null && mode.isNumber() && (mode.asLong() < 0 || mode.asLong() > 0777)) {
        errs.add(FieldError.invalid(path + "." + s + ".defaultMode", mode.asLong(),
            "must be a number between 0 and 0777 (octal), both inclusive"));
      }
    }
    if (sources == 0) {
      errs.add(FieldError.required(path, "must specify a volume type"));
    }
  }

  /** validateVolumeSource checks the sources in this order. */
  private static final List<String> VOLUME_SOURCE_ORDER = List.of("emptyDir", "hostPath", "gitRepo",
      "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker",
      "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap",
      "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected",
      "scaleIO", "csi", "ephemeral", "image");
  private static final Map<String, String> REQUIRED_SOURCE_FIELD = Map.of("hostPath", "path", "secret",
      "secretName", "persistentVolumeClaim", "claimName", "configMap", "name", "nfs", "server", "csi", "driver");

  private static void containers(List<FieldError> errs, JsonNode spec, Set<String> volumes, String path) {
    List<ObjectNode> cs = Nodes.items(spec, "containers");
    if (cs.isEmpty()) {
      errs.add(FieldError.required(path, ""));
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < cs.size(); i++) {
      ObjectNode c = cs.get(i);
      String idx = Errs.index(path, i);
      ContainerValidation.common(errs, c, volumes, idx);
      String name = Nodes.text(c, "name");
      if (!names.add(name)) {
        errs.add(Errs.duplicate(idx + ".name", name));
      }
      ContainerValidation.probes(errs, c, idx);
      if (!Nodes.isUnset(c, "restartPolicy")) {
        errs.add(FieldError.forbidden(idx + ".restartPolicy", "may not be set for non-init containers"));
      }
    }
  }

  /** Init containers: names unique across all containers; restartPolicy only "Always" (sidecars). */
  private static void initContainers(List<FieldError> errs, JsonNode spec, Set<String> volumes, String path) {
    Set<String> names = new HashSet<>();
    Nodes.items(spec, "containers").forEach(c -> names.add(Nodes.text(c, "name")));
    List<ObjectNode> cs = Nodes.items(spec, "initContainers");
    for (int i = 0; i < cs.size(); i++) {
      ObjectNode c = cs.get(i);
      String idx = Errs.index(path, i);
      ContainerValidation.common(errs, c, volumes, idx);
      String name = Nodes.text(c, "name");
      if (!names.add(name)) {
        errs.add(Errs.duplicate(idx + ".name", name));
      }
      String restart = Nodes.text(c, "restartPolicy");
      if (!Nodes.isUnset(c, "restartPolicy") && !restart.equals("Always")) {
        errs.add(Errs.notSupported(idx + ".restartPolicy", restart, List.of("Always")));
      }
    }
  }
}
