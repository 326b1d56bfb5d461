package dev.kplane.kubelet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine's containerd for integration tests: started with bin/setup-containerd when not up; skipped where it cannot run. */
final class LocalContainerd {
  private LocalContainerd() {}

  static final Path SOCKET = KubeletConfig.DEFAULT_CRI_SOCKET;

  static void ensureRunning() throws IOException, InterruptedException {
    if (up()) {
      return;
    }
    assumeTrue("root".equals(System.getProperty("user.name")),
        "containerd needs root; this test runs only where bin/setup-containerd can start it");
    Path script = repoRoot().resolve("bin/setup-containerd");
    Process p = new ProcessBuilder(script.toString()).inheritIO().start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    assumeTrue(done && p.exitValue() == 0, "bin/setup-containerd could not start containerd on this machine");
    assumeTrue(up(), "containerd is not answering on " + SOCKET);
  }

  private static boolean up() throws IOException, InterruptedException {
    if (!Files.exists(SOCKET)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("ctr", "--address", SOCKET.toString(), "version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException x) {
      return false;
    }
  }

  /** The pid of a container's task, as containerd reports it. */
  static long pid(String containerId) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ctr", "--address", SOCKET.toString(), "-n", "k8s.io", "tasks", "ls")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    for (String line : out.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length >= 2 && cols[0].equals(containerId)) {
        return Long.parseLong(cols[1]);
      }
    }
    throw new IllegalStateException("no task " + containerId + " in:\n" + out);
  }

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/setup-containerd"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("bin/setup-containerd not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
