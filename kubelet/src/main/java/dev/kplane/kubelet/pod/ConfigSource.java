package dev.kplane.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** The ConfigMaps and Secrets a node's pods reference (the node topic carries them). */
public interface ConfigSource {
  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);
}
