package dev.kplane.kubelet.volume;

import dev.kplane.kubelet.pod.ConfigSource;
import dev.kplane.kubelet.pod.ContainerConfigException;
import dev.kplane.kubelet.pod.EnvResolver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Materializes a pod's volumes as directories under {@code <rootDir>/pods/<uid>/volumes/<name>} (hostPath
 * volumes are the host path itself), for the containers to mount through CRI. ConfigMap, Secret, downward API
 * and projected contents are rewritten on every sync, so updates reach running pods.
 */
public final class PodVolumes {
  private final Path rootDir;

  public PodVolumes(Path rootDir) {
    this.rootDir = rootDir;
  }

  public Path podDir(String uid) {
    return rootDir.resolve("pods").resolve(uid);
  }

  /** Sets up every volume of the pod; returns volume name to host path. */
  public Map<String, Path> setUp(Pod pod, EnvResolver.PodContext ctx, ConfigSource config) throws ContainerConfigException {
    Map<String, Path> paths = new LinkedHashMap<>();
    String ns = pod.getMetadata().getNamespace();
    for (Volume v : pod.getSpec().getVolumes()) {
      Path dir = podDir(pod.getMetadata().getUid()).resolve("volumes").resolve(v.getName());
      if (v.getHostPath() != null) {
        paths.put(v.getName(), hostPath(v));
        continue;
      }
      Map<String, byte[]> files;
      Integer mode;
      if (v.getEmptyDir() != null) {
        mkdirs(dir);
        paths.put(v.getName(), dir);
        continue;
      } else if (v.getConfigMap() != null) {
        var src = v.getConfigMap();
        files = configMapFiles(ns, src.getName(), src.getItems(), src.getOptional(), config);
        mode = src.getDefaultMode();
      } else if (v.getSecret() != null) {
        var src = v.getSecret();
        files = secretFiles(ns, src.getSecretName(), src.getItems(), src.getOptional(), config);
        mode = src.getDefaultMode();
      } else if (v.getDownwardAPI() != null) {
        files = downwardFiles(pod, v.getDownwardAPI().getItems(), ctx);
        mode = v.getDownwardAPI().getDefaultMode();
      } else if (v.getProjected() != null) {
        files = new LinkedHashMap<>();
        for (VolumeProjection p : v.getProjected().getSources()) {
          files.putAll(projection(pod, p, ctx, config));
        }
        mode = v.getProjected().getDefaultMode();
      } else {
        throw new ContainerConfigException("volume " + v.getName() + ": this kubelet supports emptyDir, configMap, "
            + "secret, hostPath, downwardAPI and projected volumes only");
      }
      writeFiles(dir, files, mode == null ? 0644 : mode);
      paths.put(v.getName(), dir);
    }
    return paths;
  }

  private Map<String, byte[]> projection(Pod pod, VolumeProjection p, EnvResolver.PodContext ctx, ConfigSource config)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (p.getConfigMap() != null) {
      return configMapFiles(ns, p.getConfigMap().getName(), p.getConfigMap().getItems(), p.getConfigMap().getOptional(), config);
    }
    if (p.getSecret() != null) {
      return secretFiles(ns, p.getSecret().getName(), p.getSecret().getItems(), p.getSecret().getOptional(), config);
    }
    if (p.getDownwardAPI() != null) {
      return downwardFiles(pod, p.getDownwardAPI().getItems(), ctx);
    }
    // serviceAccountToken and clusterTrustBundle need the TokenRequest API: left empty (not supported yet).
    return Map.of();
  }

  private static Map<String, byte[]> configMapFiles(String ns, String name, List<KeyToPath> items, Boolean optional,
      ConfigSource config) throws ContainerConfigException {
    Optional<ConfigMap> cm = config.configMap(ns, name);
    if (cm.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return Map.of();
      }
      throw new ContainerConfigException("configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (cm.get().getData() != null) {
      cm.get().getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (cm.get().getBinaryData() != null) {
      cm.get().getBinaryData().forEach((k, v) -> data.put(k, java.util.Base64.getDecoder().decode(v)));
    }
    return select(data, items, optional, "configmap");
  }

  private static Map<String, byte[]> secretFiles(String ns, String name, List<KeyToPath> items, Boolean optional,
      ConfigSource config) throws ContainerConfigException {
    Optional<Secret> s = config.secret(ns, name);
    if (s.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return Map.of();
      }
      throw new ContainerConfigException("secret \"" + name + "\" not found");
    }
    return select(EnvResolver.secretData(s.get()), items, optional, "secret");
  }

  /** All keys as file names, or just the items (key → path). */
  private static Map<String, byte[]> select(Map<String, byte[]> data, List<KeyToPath> items, Boolean optional,
      String kind) throws ContainerConfigException {
    if (items == null || items.isEmpty()) {
      return data;
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (KeyToPath item : items) {
      byte[] v = data.get(item.getKey());
      if (v == null) {
        if (Boolean.TRUE.equals(optional)) {
          continue;
        }
        throw new ContainerConfigException(("configmap".equals(kind) ? "configmap references non-existent config key: "
            : "references non-existent secret key: ") + item.getKey());
      }
      out.put(item.getPath(), v);
    }
    return out;
  }

  private static Map<String, byte[]> downwardFiles(Pod pod, List<DownwardAPIVolumeFile> items, EnvResolver.PodContext ctx)
      throws ContainerConfigException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (DownwardAPIVolumeFile f : items) {
      String value;
      if (f.getFieldRef() != null) {
        value = EnvResolver.fieldValue(pod, f.getFieldRef(), ctx);
      } else if (f.getResourceFieldRef() != null) {
        value = EnvResolver.resourceValue(pod, pod.getSpec().getContainers().get(0), f.getResourceFieldRef(), ctx);
      } else {
        continue;
      }
      out.put(f.getPath(), value.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Path hostPath(Volume v) throws ContainerConfigException {
    Path p = Path.of(v.getHostPath().getPath());
    String type = v.getHostPath().getType() == null ? "" : v.getHostPath().getType();
    try {
      switch (type) {
        case "DirectoryOrCreate" -> Files.createDirectories(p);
        case "FileOrCreate" -> {
          Files.createDirectories(p.getParent());
          if (!Files.exists(p)) {
            Files.createFile(p);
          }
        }
        case "Directory" -> require(Files.isDirectory(p), "hostPath type check failed: " + p + " is not a directory");
        case "File" -> require(Files.isRegularFile(p), "hostPath type check failed: " + p + " is not a file");
        default -> { }
      }
    } catch (IOException x) {
      throw new ContainerConfigException("hostPath " + p + ": " + x.getMessage());
    }
    return p;
  }

  private static void require(boolean ok, String message) throws ContainerConfigException {
    if (!ok) {
      throw new ContainerConfigException(message);
    }
  }

  /** Writes the files (paths may have subdirectories) and removes files no longer wanted. */
  private static void writeFiles(Path dir, Map<String, byte[]> files, int mode) {
    try {
      mkdirs(dir);
      Set<Path> wanted = new java.util.HashSet<>();
      for (var e : files.entrySet()) {
        Path f = dir.resolve(e.getKey()).normalize();
        if (!f.startsWith(dir)) {
          continue;
        }
        wanted.add(f);
        Files.createDirectories(f.getParent());
        if (!Files.exists(f) || !java.util.Arrays.equals(Files.readAllBytes(f), e.getValue())) {
          Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
          Files.write(tmp, e.getValue());
          Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.setPosixFilePermissions(f, permissions(mode));
      }
      try (Stream<Path> all = Files.walk(dir)) {
        all.filter(Files::isRegularFile).filter(f -> !wanted.contains(f)).forEach(PodVolumes::deleteQuietly);
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(order[i]);
      }
    }
    return out;
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a stale file in a volume is harmless
    }
  }

  /** Removes the pod's directory (after its containers are gone). */
  public void tearDown(String uid) {
    Path dir = podDir(uid);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(PodVolumes::deleteQuietly);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
