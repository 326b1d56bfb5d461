package dev.kplane.kubelet.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.kubelet.pod.ConfigSource;
import dev.kplane.kubelet.api.Models;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the node topic says this node must run: pods by uid, and the ConfigMaps and Secrets they reference.
 * A pod whose record was removed (tombstone, or replaced by a pod of the same name with a new uid) moves to
 * "removed" with its last known object, so its containers are still stopped with its grace period.
 */
public final class DesiredState implements ConfigSource {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DesiredState.class);
  private final Map<String, Pod> podsByKey = new ConcurrentHashMap<>();
  private final Map<String, Pod> podsByUid = new ConcurrentHashMap<>();
  private final Map<String, Pod> removed = new ConcurrentHashMap<>();
  private final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  /** Applies one record of the node topic; returns the uids of the pods to sync because of it. */
  public synchronized List<String> apply(String key, ObjectNode object) {
    if (key.startsWith("configmaps/") || key.startsWith("secrets/")) {
      String ref = key.substring(key.indexOf('/') + 1);
      if (key.startsWith("configmaps/")) {
        putOrRemove(configMaps, ref, object == null ? null : Models.convert(object, ConfigMap.class));
      } else {
        putOrRemove(secrets, ref, object == null ? null : Models.convert(object, Secret.class));
      }
      String ns = ref.substring(0, ref.indexOf('/'));
      return podsByUid.values().stream().filter(p -> ns.equals(p.getMetadata().getNamespace()))
          .map(p -> p.getMetadata().getUid()).toList();
    }
    Pod old = podsByKey.get(key);
    Pod pod = object == null ? null : Models.convert(object, Pod.class);
    if (old != null && (pod == null || !old.getMetadata().getUid().equals(pod.getMetadata().getUid()))) {
      podsByKey.remove(key);
      podsByUid.remove(old.getMetadata().getUid());
      removed.put(old.getMetadata().getUid(), old);
    }
    if (pod != null) {
      if (!podsByUid.containsKey(pod.getMetadata().getUid())) {
        LOG.info("pod {} ({}) assigned to this node", key, pod.getMetadata().getUid());
      }
      podsByKey.put(key, pod);
      podsByUid.put(pod.getMetadata().getUid(), pod);
      removed.remove(pod.getMetadata().getUid());
    }
    return java.util.stream.Stream.of(old, pod).filter(java.util.Objects::nonNull)
        .map(p -> p.getMetadata().getUid()).distinct().toList();
  }

  private static <T> void putOrRemove(Map<String, T> map, String key, T value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  public Optional<Pod> pod(String uid) {
    return Optional.ofNullable(podsByUid.get(uid));
  }

  /** The last known object of a pod no longer desired, until {@link #forget}. */
  public Optional<Pod> removedPod(String uid) {
    return Optional.ofNullable(removed.get(uid));
  }

  public Collection<Pod> pods() {
    return podsByUid.values();
  }

  public Collection<String> removedUids() {
    return removed.keySet();
  }

  public void forget(String uid) {
    removed.remove(uid);
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(namespace + "/" + name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }
}
