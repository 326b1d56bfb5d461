package dev.kplane.kubelet.pod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.kubelet.api.ApiClient;
import dev.kplane.kubelet.api.Models;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod statuses through the API (PUT pods/status on the current resourceVersion, again on a conflict)
 * when they differ from the last one written, and deletes finished pods as the kubelet does (grace 0, uid
 * precondition). Remembers the last status written per pod, which later computations build on.
 */
public final class StatusWriter implements PodStatusSink {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private static final int ATTEMPTS = 5;
  private final ApiClient api;
  private final Map<String, PodStatus> written = new ConcurrentHashMap<>();

  public StatusWriter(ApiClient api) {
    this.api = api;
  }

  @Override
  public Optional<PodStatus> last(String uid) {
    return Optional.ofNullable(written.get(uid));
  }

  @Override
  public void forget(String uid) {
    written.remove(uid);
  }

  @Override
  public void write(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    if (status.equals(written.get(uid))) {
      return;
    }
    String path = podPath(pod);
    for (int i = 0; i < ATTEMPTS; i++) {
      ApiClient.Response current = api.get(path);
      if (current.code() == 404) {
        return;
      }
      if (!current.ok()) {
        LOG.warn("reading pod {} for its status failed: {}", path, current.message());
        return;
      }
      ObjectNode obj = (ObjectNode) current.body();
      if (!uid.equals(obj.path("metadata").path("uid").asText())) {
        return;
      }
      obj.set("status", Models.tree(status));
      ApiClient.Response put = api.put(path + "/status", obj);
      if (put.ok()) {
        written.put(uid, status);
        return;
      }
      if (put.code() != 409) {
        LOG.warn("status of pod {} not written: {}", path, put.message());
        return;
      }
    }
    LOG.warn("status of pod {} not written: conflicts {} times", path, ATTEMPTS);
  }

  /** Deletes the pod object once its containers are gone (gracePeriodSeconds=0, only this uid). */
  @Override
  public void delete(Pod pod) {
    ApiClient.Response r = api.delete(podPath(pod), Map.of("kind", "DeleteOptions", "apiVersion", "v1",
        "gracePeriodSeconds", 0, "preconditions", Map.of("uid", pod.getMetadata().getUid())));
    if (!r.ok() && r.code() != 404 && r.code() != 409) {
      LOG.warn("deleting pod {} failed: {}", podPath(pod), r.message());
    }
  }

  static String podPath(Pod pod) {
    return "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
  }
}
