package dev.kplane.kubelet.dispatch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The ConfigMaps and Secrets a pod references, as node-topic keys. Ported from kube's
 * pkg/api/v1/pod/util.go VisitPodSecretNames / VisitPodConfigmapNames (what the kubelet's secret and configmap
 * managers register): image pull secrets, env and envFrom of every container (init and ephemeral included),
 * secret/configMap/projected volumes and the secret references of volume plugins. Empty names are skipped.
 */
public final class PodReferences {
  private PodReferences() {}

  public static String configMapKey(String namespace, String name) {
    return "configmaps/" + namespace + "/" + name;
  }

  public static String secretKey(String namespace, String name) {
    return "secrets/" + namespace + "/" + name;
  }

  public static SortedSet<String> of(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    SortedSet<String> keys = new TreeSet<>();
    Consumer<String> secret = name -> {
      if (name != null && !name.isEmpty()) {
        keys.add(secretKey(ns, name));
      }
    };
    Consumer<String> configMap = name -> {
      if (name != null && !name.isEmpty()) {
        keys.add(configMapKey(ns, name));
      }
    };
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return keys;
    }
    spec.getImagePullSecrets().stream().map(LocalObjectReference::getName).forEach(secret);
    for (Container c : spec.getInitContainers()) {
      env(c.getEnvFrom(), c.getEnv(), secret, configMap);
    }
    for (Container c : spec.getContainers()) {
      env(c.getEnvFrom(), c.getEnv(), secret, configMap);
    }
    for (EphemeralContainer c : spec.getEphemeralContainers()) {
      env(c.getEnvFrom(), c.getEnv(), secret, configMap);
    }
    for (Volume v : spec.getVolumes()) {
      volume(v, secret, configMap);
    }
    return keys;
  }

  private static void volume(Volume v, Consumer<String> secret, Consumer<String> configMap) {
    if (v.getSecret() != null) {
      secret.accept(v.getSecret().getSecretName());
    } else if (v.getConfigMap() != null) {
      configMap.accept(v.getConfigMap().getName());
    } else if (v.getProjected() != null) {
      for (VolumeProjection p : v.getProjected().getSources()) {
        if (p.getSecret() != null) {
          secret.accept(p.getSecret().getName());
        }
        if (p.getConfigMap() != null) {
          configMap.accept(p.getConfigMap().getName());
        }
      }
    } else if (v.getAzureFile() != null) {
      secret.accept(v.getAzureFile().getSecretName());
    } else if (v.getCephfs() != null && v.getCephfs().getSecretRef() != null) {
      secret.accept(v.getCephfs().getSecretRef().getName());
    } else if (v.getCinder() != null && v.getCinder().getSecretRef() != null) {
      secret.accept(v.getCinder().getSecretRef().getName());
    } else if (v.getFlexVolume() != null && v.getFlexVolume().getSecretRef() != null) {
      secret.accept(v.getFlexVolume().getSecretRef().getName());
    } else if (v.getRbd() != null && v.getRbd().getSecretRef() != null) {
      secret.accept(v.getRbd().getSecretRef().getName());
    } else if (v.getScaleIO() != null && v.getScaleIO().getSecretRef() != null) {
      secret.accept(v.getScaleIO().getSecretRef().getName());
    } else if (v.getIscsi() != null && v.getIscsi().getSecretRef() != null) {
      secret.accept(v.getIscsi().getSecretRef().getName());
    } else if (v.getStorageos() != null && v.getStorageos().getSecretRef() != null) {
      secret.accept(v.getStorageos().getSecretRef().getName());
    } else if (v.getCsi() != null && v.getCsi().getNodePublishSecretRef() != null) {
      secret.accept(v.getCsi().getNodePublishSecretRef().getName());
    }
  }

  private static void env(List<EnvFromSource> envFrom, List<EnvVar> env, Consumer<String> secret,
      Consumer<String> configMap) {
    for (EnvFromSource from : envFrom) {
      if (from.getSecretRef() != null) {
        secret.accept(from.getSecretRef().getName());
      }
      if (from.getConfigMapRef() != null) {
        configMap.accept(from.getConfigMapRef().getName());
      }
    }
    for (EnvVar e : env) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        secret.accept(e.getValueFrom().getSecretKeyRef().getName());
      }
      if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
        configMap.accept(e.getValueFrom().getConfigMapKeyRef().getName());
      }
    }
  }
}
