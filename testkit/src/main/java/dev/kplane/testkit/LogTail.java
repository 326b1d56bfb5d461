package dev.kplane.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** The end of a process's log file, for a failure message. */
public final class LogTail {
  private LogTail() {}

  /** The last {@code lines} lines of {@code log} that {@code keep} accepts, joined by newlines. */
  public static String of(Path log, int lines, Predicate<String> keep) {
    try {
      List<String> all = Files.readAllLines(log).stream().filter(keep).toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
