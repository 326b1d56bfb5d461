package dev.kplane.proxy.nft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The conntrack command (Debian package conntrack), used to delete stale UDP entries when it is installed. */
final class Conntrack {
  private static final Logger LOG = LoggerFactory.getLogger(Conntrack.class);
  private final boolean available;

  Conntrack() {
    available = run(List.of("--version"));
    if (!available) {
      LOG.warn("conntrack is not installed (apt-get install conntrack): UDP flows keep an endpoint that went away "
          + "until their conntrack entry expires");
    }
  }

  void delete(List<List<String>> entries) {
    if (available) {
      entries.forEach(this::run);
    }
  }

  /** True when it ran; "0 flow entries have been deleted" exits 1 and is not an error. */
  private boolean run(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("conntrack");
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      LOG.debug("{}: {}", String.join(" ", cmd), out.strip());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
