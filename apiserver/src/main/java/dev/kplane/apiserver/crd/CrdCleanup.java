package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.registry.DeleteOptions;
import dev.kplane.apiserver.registry.Meta;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.Json;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube's CRD finalizer, run by whichever API server sees a terminating CRD first: it marks the CRD Terminating,
 * deletes every custom resource of it, and once none is left removes the cleanup finalizer (the CRD then goes).
 * Every step is a compare-and-set on the CRD as this instance saw it, so instances racing on it do each step once;
 * a loser simply tries again on the next change.
 */
final class CrdCleanup {
  private static final Logger log = LoggerFactory.getLogger(CrdCleanup.class);
  private static final String PRINCIPAL = "system:serviceaccount:kube-system:apiextensions-apiserver";

  private final ObjectStore store;
  private final Clock clock;

  CrdCleanup(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  static boolean pending(JsonNode crd) {
    if (!Meta.isBeingDeleted(crd)) {
      return false;
    }
    for (JsonNode f : crd.path("metadata").path("finalizers")) {
      if (f.asText().equals(CrdAdmission.CLEANUP_FINALIZER)) {
        return true;
      }
    }
    return false;
  }

  /** One pass over a terminating CRD; true when it is done (the finalizer removed, or someone else moved it on). */
  boolean run(CachedObject crd, List<CustomResource> versions) {
    try {
      if (!CrdStatus.conditionTrue(crd.object(), "Terminating")) {
        updateStatus(crd, "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", false);
        return false;
      }
      if (versions.isEmpty()) {
        // never served (its names were not accepted): it has no instances
        updateStatus(crd, "False", "InstanceDeletionCompleted", "removed all instances", true);
        return true;
      }
      CustomResource any = versions.get(0);
      List<CachedObject> instances = List.copyOf(store.consistent(any.type()).current().objects().values());
      for (CachedObject cr : instances) {
        if (!Meta.isBeingDeleted(cr.object())) {
          delete(any, cr.object());
        }
      }
      if (!store.consistent(any.type()).current().objects().isEmpty()) {
        return false;
      }
      updateStatus(crd, "False", "InstanceDeletionCompleted", "removed all instances", true);
      return true;
    } catch (ApiException e) {
      if (e.code() == 409 || e.code() == 404) {
        return false; // another instance moved the CRD on; the next change brings it back here if needed
      }
      log.warn("cleanup of CRD {} failed: {}", Meta.name(crd.object()), e.getMessage());
      return false;
    }
  }

  private void delete(CustomResource cr, JsonNode obj) {
    String ns = cr.type().namespaced() ? Meta.namespace(obj) : null;
    try {
      store.delete(cr.type(), ns, Meta.name(obj), DeleteOptions.NONE, RequestContext.of(PRINCIPAL, false));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  /** A compare-and-set on the CRD as it was seen: sets the Terminating condition, and drops the finalizer at the end. */
  private void updateStatus(CachedObject crd, String status, String reason, String message, boolean finish) {
    store.guaranteedUpdate(CrdAdmission.CRDS, null, Meta.name(crd.object()), crd.resourceVersion(),
        RequestContext.of(PRINCIPAL, false), "update-status", current -> {
          CrdStatus.setCondition(current.withObjectProperty("status"), "Terminating", status.equals("True"), reason,
              message, clock.instant());
          if (finish) {
            ArrayNode kept = Json.MAPPER.createArrayNode();
            current.path("metadata").path("finalizers").forEach(f -> {
              if (!f.asText().equals(CrdAdmission.CLEANUP_FINALIZER)) {
                kept.add(f);
              }
            });
            ((ObjectNode) current.get("metadata")).set("finalizers", kept);
          }
          return current;
        });
  }
}
