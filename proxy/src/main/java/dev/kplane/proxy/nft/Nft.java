package dev.kplane.proxy.nft;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The nft command: whether it can be used here, and applying a script as one transaction. */
public final class Nft {
  private Nft() {}

  /** Empty when nft runs and may change rules here; else why not (not installed, no privilege). */
  public static Optional<String> unusableReason() {
    try {
      Result r = run(List.of("nft", "list", "tables"), null);
      return r.code == 0 ? Optional.empty()
          : Optional.of("'nft list tables' failed (needs root or CAP_NET_ADMIN): " + r.output.strip());
    } catch (IOException e) {
      return Optional.of("nft is not installed (apt-get install nftables)");
    }
  }

  /** Runs {@code script} with {@code nft -f -}: nft applies a whole file in one transaction, or nothing of it. */
  static void apply(String script) throws IOException {
    Result r = run(List.of("nft", "-f", "-"), script);
    if (r.code != 0) {
      throw new IOException("nft -f failed (exit " + r.code + "): " + r.output.strip());
    }
  }

  /** Removes the table if it exists (adding it first makes the delete valid either way). */
  public static void deleteTable(String table) throws IOException {
    apply("add table ip " + table + "\ndelete table ip " + table + "\n");
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command, String stdin) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out);
  }
}
