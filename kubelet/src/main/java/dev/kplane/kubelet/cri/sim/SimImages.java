package dev.kplane.kubelet.cri.sim;

import dev.kplane.cri.v1.Image;
import dev.kplane.cri.v1.ImageSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images of the simulated runtime: every pull succeeds at once, no bytes move. An image's id is the sha256 of
 * its normalized name, so every simulated node agrees on it.
 */
final class SimImages {
  /** What the simulated images claim to weigh, so image-fs usage is not zero. */
  static final long IMAGE_SIZE = 4 * 1024 * 1024;

  /** normalized name → image id */
  private final Map<String, String> byName = new LinkedHashMap<>();

  synchronized String pull(ImageSpec spec) {
    String name = normalize(spec.getImage());
    return byName.computeIfAbsent(name, SimImages::id);
  }

  /** The image id of a pulled image named by reference or id, null when it is not here. */
  synchronized String resolve(String image) {
    if (byName.containsValue(image)) {
      return image;
    }
    return byName.get(normalize(image));
  }

  synchronized Image status(ImageSpec spec) {
    String id = resolve(spec.getImage());
    return id == null ? null : image(id);
  }

  synchronized List<Image> list() {
    List<Image> out = new ArrayList<>();
    for (String id : new LinkedHashSet<>(byName.values())) {
      out.add(image(id));
    }
    return out;
  }

  synchronized void remove(ImageSpec spec) {
    String id = resolve(spec.getImage());
    byName.values().removeIf(v -> v.equals(id));
  }

  synchronized long usedBytes() {
    return IMAGE_SIZE * byName.values().stream().distinct().count();
  }

  private Image image(String id) {
    Image.Builder b = Image.newBuilder().setId(id).setSize(IMAGE_SIZE);
    byName.forEach((name, v) -> {
      if (v.equals(id)) {
        b.addRepoTags(name);
      }
    });
    return b.build();
  }

  /**
   * Docker reference normalization as containerd applies it: busybox → docker.io/library/busybox:latest,
   * a missing tag is latest, a first component without '.' or ':' (other than localhost) is on docker.io.
   */
  static String normalize(String ref) {
    String name = ref;
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0) {
      name = "docker.io/library/" + name;
    } else if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
      name = "docker.io/" + name;
    }
    boolean tagged = name.lastIndexOf(':') > name.lastIndexOf('/');
    return tagged || name.contains("@") ? name : name + ":latest";
  }

  private static String id(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
  }
}
