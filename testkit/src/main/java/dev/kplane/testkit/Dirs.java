package dev.kplane.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of tests: removed when the test is done, so that repeated runs do not fill /tmp. */
public final class Dirs {
  private Dirs() {}

  /** Deletes the tree, best effort (a file still held open is left). Null or missing: nothing to do. */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort
    }
  }
}
