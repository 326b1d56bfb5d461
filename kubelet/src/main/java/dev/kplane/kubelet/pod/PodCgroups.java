package dev.kplane.kubelet.pod;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes a pod's cgroup parent ({@link RuntimeSpecs#cgroupParent}) from every cgroup hierarchy once its
 * sandbox is gone: runc removes the containers' cgroups but not the parent the kubelet named (the real
 * kubelet's pod container manager does the same cleanup).
 */
final class PodCgroups {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private PodCgroups() {}

  static void remove(String cgroupParent) {
    if (!Files.isDirectory(ROOT)) {
      return;
    }
    String relative = cgroupParent.startsWith("/") ? cgroupParent.substring(1) : cgroupParent;
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(ROOT)) {
      for (Path h : hierarchies) {
        removeTree(h.resolve(relative));
      }
      removeTree(ROOT.resolve(relative));
    } catch (IOException ignored) {
      // best effort: a leftover empty cgroup costs nothing and bin/setup-containerd --stop removes it
    }
  }

  /** rmdir depth-first: cgroup directories go away with their pseudo-files once they hold no processes. */
  private static void removeTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(dir)) {
      dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path d : dirs) {
      try {
        Files.delete(d);
      } catch (IOException ignored) {
        // still in use (a process left) or not empty: leave it
      }
    }
  }
}
