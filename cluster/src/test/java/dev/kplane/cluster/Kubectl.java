package dev.kplane.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real kubectl (/usr/bin/kubectl, v1.32) against a kplane, with a cache directory of its own. */
final class Kubectl {
  static final String BINARY = "/usr/bin/kubectl";

  record Result(int exit, String out, String err) {
    /** stdout, failing the test with both streams when kubectl failed. */
    String ok() {
      if (exit != 0) {
        throw new AssertionError("kubectl exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return out;
    }
  }

  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path kubeconfig, Path cacheDir) {
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  static boolean available() {
    return Files.isExecutable(Path.of(BINARY));
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(null, Map.of(), args);
  }

  /** Runs kubectl with stdin (may be null) and extra environment, waiting at most 60 s. */
  Result run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Process p = start(env, args);
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  /** Starts kubectl without waiting (watches). */
  Process start(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(BINARY, "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", cacheDir.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return pb.start();
  }
}
