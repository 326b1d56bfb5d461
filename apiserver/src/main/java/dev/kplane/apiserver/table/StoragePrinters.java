package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.text;

import dev.kplane.apiserver.registry.builtin.Quantity;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Persistent volumes, claims and storage classes. */
final class StoragePrinters {
  private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

  static final Printer PERSISTENT_VOLUME = Printer.of(StoragePrinters::persistentVolume,
      Column.nameColumn(),
      Column.string("Capacity", SwaggerDocs.of("core/v1.PersistentVolumeSpec.capacity")),
      Column.string("Access Modes", SwaggerDocs.of("core/v1.PersistentVolumeSpec.accessModes")),
      Column.string("Reclaim Policy", SwaggerDocs.of("core/v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy")),
      Column.string("Status", SwaggerDocs.of("core/v1.PersistentVolumeStatus.phase")),
      Column.string("Claim", SwaggerDocs.of("core/v1.PersistentVolumeSpec.claimRef")),
      Column.string("StorageClass", "StorageClass of the pv"),
      Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
      Column.string("Reason", SwaggerDocs.of("core/v1.PersistentVolumeStatus.reason")),
      Column.ageColumn(),
      Column.string("VolumeMode", SwaggerDocs.of("core/v1.PersistentVolumeSpec.volumeMode")).wide());

  static final Printer PERSISTENT_VOLUME_CLAIM = Printer.of(StoragePrinters::persistentVolumeClaim,
      Column.nameColumn(),
      Column.string("Status", SwaggerDocs.of("core/v1.PersistentVolumeClaimStatus.phase")),
      Column.string("Volume", SwaggerDocs.of("core/v1.PersistentVolumeClaimSpec.volumeName")),
      Column.string("Capacity", SwaggerDocs.of("core/v1.PersistentVolumeClaimStatus.capacity")),
      Column.string("Access Modes", SwaggerDocs.of("core/v1.PersistentVolumeClaimStatus.accessModes")),
      Column.string("StorageClass", "StorageClass of the pvc"),
      Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
      Column.ageColumn(),
      Column.string("VolumeMode", SwaggerDocs.of("core/v1.PersistentVolumeClaimSpec.volumeMode")).wide());

  static final Printer STORAGE_CLASS = Printer.of(StoragePrinters::storageClass,
      Column.nameColumn(),
      Column.string("Provisioner", SwaggerDocs.of("storage/v1.StorageClass.provisioner")),
      Column.string("ReclaimPolicy", SwaggerDocs.of("storage/v1.StorageClass.reclaimPolicy")),
      Column.string("VolumeBindingMode", SwaggerDocs.of("storage/v1.StorageClass.volumeBindingMode")),
      Column.string("AllowVolumeExpansion", SwaggerDocs.of("storage/v1.StorageClass.allowVolumeExpansion")),
      Column.ageColumn());

  private StoragePrinters() {}

  static Row persistentVolume(JsonNode pv, Instant now) {
    JsonNode spec = pv.path("spec");
    String claim = spec.path("claimRef").isObject()
        ? text(spec, "claimRef", "namespace") + "/" + text(spec, "claimRef", "name") : "";
    String phase = Cells.deleting(pv) ? "Terminating" : text(pv, "status", "phase");
    JsonNode annotations = pv.path("metadata").path("annotations");
    String storageClass = annotations.has(BETA_STORAGE_CLASS) ? annotations.path(BETA_STORAGE_CLASS).asText()
        : text(spec, "storageClassName");
    return Row.of(Cells.name(pv), quantity(spec.path("capacity").path("storage")), accessModes(spec.path("accessModes")),
        text(spec, "persistentVolumeReclaimPolicy"), phase, claim, storageClass,
        orUnset(spec, "volumeAttributesClassName"), text(pv, "status", "reason"), Cells.age(pv, now),
        orUnset(spec, "volumeMode"));
  }

  static Row persistentVolumeClaim(JsonNode pvc, Instant now) {
    JsonNode spec = pvc.path("spec");
    String phase = Cells.deleting(pvc) ? "Terminating" : text(pvc, "status", "phase");
    String capacity = "";
    String accessModes = "";
    if (!text(spec, "volumeName").isEmpty()) {
      accessModes = accessModes(pvc.path("status").path("accessModes"));
      capacity = quantity(pvc.path("status").path("capacity").path("storage"));
    }
    JsonNode annotations = pvc.path("metadata").path("annotations");
    String storageClass = annotations.has(BETA_STORAGE_CLASS) ? annotations.path(BETA_STORAGE_CLASS).asText()
        : text(spec, "storageClassName");
    return Row.of(Cells.name(pvc), phase, text(spec, "volumeName"), capacity, accessModes, storageClass,
        orUnset(spec, "volumeAttributesClassName"), Cells.age(pvc, now), orUnset(spec, "volumeMode"));
  }

  static Row storageClass(JsonNode sc, Instant now) {
    JsonNode annotations = sc.path("metadata").path("annotations");
    boolean isDefault = "true".equals(annotations.path("storageclass.kubernetes.io/is-default-class").asText())
        || "true".equals(annotations.path("storageclass.beta.kubernetes.io/is-default-class").asText());
    String reclaim = Cells.has(sc, "reclaimPolicy") ? text(sc, "reclaimPolicy") : "Delete";
    String binding = Cells.has(sc, "volumeBindingMode") ? text(sc, "volumeBindingMode") : "Immediate";
    return Row.of(Cells.name(sc) + (isDefault ? " (default)" : ""), text(sc, "provisioner"), reclaim, binding,
        Cells.bool(sc, "allowVolumeExpansion"), Cells.age(sc, now));
  }

  /** helper.GetAccessModesAsString: the abbreviations in a fixed order, each once. */
  static String accessModes(JsonNode modes) {
    List<String> present = new ArrayList<>();
    modes.forEach(m -> present.add(m.asText()));
    List<String> out = new ArrayList<>();
    String[][] order = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
        {"ReadWriteOncePod", "RWOP"}};
    for (String[] mode : order) {
      if (present.contains(mode[0])) {
        out.add(mode[1]);
      }
    }
    return String.join(",", out);
  }

  /** A quantity as Quantity.String() prints it; an absent one is the zero quantity, "0". */
  static String quantity(JsonNode q) {
    return q.isMissingNode() || q.isNull() ? "0" : Quantity.canonical(q.asText());
  }

  private static String orUnset(JsonNode spec, String field) {
    return Cells.has(spec, field) ? text(spec, field) : "<unset>";
  }
}
