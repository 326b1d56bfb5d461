package dev.kplane.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free listener ports below the kernel's ephemeral range (32768-60999 on Linux). A port the kernel hands out
 * with bind(0) comes from that range, so after a listener on it stops (a kill -9 and restart on the same port),
 * any process's next outgoing connection may take it as its local port; ports below the range are never handed
 * out that way.
 */
public final class Ports {
  private static final int LOW = 20000;
  private static final int HIGH = 32000;

  private Ports() {}

  /** A free port; when pair is true, the next port is free too (a broker and its controller). */
  public static int free(boolean pair) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH - 1);
      if (isFree(port) && (!pair || isFree(port + 1))) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
  }

  public static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
