package dev.kplane.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;

/** Where pod statuses go (the API, through {@link StatusWriter}; a recorder in tests). */
public interface PodStatusSink {
  /** The last status written for the pod, if any. */
  Optional<PodStatus> last(String uid);

  void write(Pod pod, PodStatus status);

  /** Deletes the pod object once its containers are gone. */
  void delete(Pod pod);

  void forget(String uid);
}
