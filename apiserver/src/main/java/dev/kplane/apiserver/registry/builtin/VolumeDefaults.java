package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** SetDefaults_Volume and the per-source defaults zz_generated.defaults.go applies (core/v1, 1.32). */
final class VolumeDefaults {
  /** Every VolumeSource member: a volume naming none of them becomes an emptyDir. */
  static final List<String> SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore",
      "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
      "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
      "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image");
  private static final int DEFAULT_MODE = 0644;

  private VolumeDefaults() {}

  static void apply(ObjectNode v) {
    if (SOURCES.stream().noneMatch(s -> Nodes.child(v, s) != null)) {
      v.putObject("emptyDir");
    }
    ObjectNode hostPath = Nodes.child(v, "hostPath");
    if (hostPath != null && Nodes.isUnset(hostPath, "type")) {
      hostPath.put("type", "");
    }
    ResourceLists.canonicalize(Nodes.child(v, "emptyDir"), "sizeLimit");
    for (String s : List.of("secret", "configMap", "downwardAPI", "projected")) {
      ObjectNode src = Nodes.child(v, s);
      if (src != null) {
        Nodes.defaultLong(src, "defaultMode", DEFAULT_MODE);
      }
    }
    downwardApiItems(Nodes.child(v, "downwardAPI"));
    for (ObjectNode source : Nodes.items(Nodes.child(v, "projected"), "sources")) {
      downwardApiItems(Nodes.child(source, "downwardAPI"));
      ObjectNode token = Nodes.child(source, "serviceAccountToken");
      if (token != null) {
        Nodes.defaultLong(token, "expirationSeconds", 3600);
      }
    }
    iscsi(Nodes.child(v, "iscsi"));
    rbd(Nodes.child(v, "rbd"));
    azureDisk(Nodes.child(v, "azureDisk"));
    scaleIo(Nodes.child(v, "scaleIO"));
    ObjectNode claim = Nodes.child(Nodes.child(v, "ephemeral"), "volumeClaimTemplate");
    if (claim != null) {
      CoreDefaults.claimSpec(Nodes.childOrCreate(claim, "spec"));
    }
  }

  private static void downwardApiItems(ObjectNode src) {
    for (ObjectNode item : Nodes.items(src, "items")) {
      ContainerDefaults.fieldRef(Nodes.child(item, "fieldRef"));
    }
  }

  /** The persistent-volume variants of these sources share the same defaults. */
  static void iscsi(ObjectNode s) {
    if (s != null) {
      Nodes.defaultString(s, "iscsiInterface", "default");
    }
  }

  static void rbd(ObjectNode s) {
    if (s != null) {
      Nodes.defaultString(s, "pool", "rbd");
      Nodes.defaultString(s, "user", "admin");
      Nodes.defaultString(s, "keyring", "/etc/ceph/keyring");
    }
  }

  static void azureDisk(ObjectNode s) {
    if (s != null) {
      Nodes.defaultString(s, "cachingMode", "ReadWrite");
      Nodes.defaultString(s, "kind", "Shared");
      Nodes.defaultString(s, "fsType", "ext4");
      Nodes.defaultBool(s, "readOnly", false);
    }
  }

  static void scaleIo(ObjectNode s) {
    if (s != null) {
      Nodes.defaultString(s, "storageMode", "ThinProvisioned");
      Nodes.defaultString(s, "fsType", "xfs");
    }
  }
}
