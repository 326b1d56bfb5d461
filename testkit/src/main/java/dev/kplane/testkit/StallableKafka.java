package dev.kplane.testkit;

import dev.kplane.kafka.EmbeddedKafka;
import dev.kplane.kafka.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real broker of its own, reached only through a {@link StallingProxy} that its listener advertises: every
 * client, the broker's requests to itself included, can be made to wait as in a long pause of the broker.
 */
public final class StallableKafka implements AutoCloseable {
  private final Path dir;
  private final StallingProxy relay;
  private final EmbeddedKafka kafka;

  public StallableKafka() throws IOException {
    dir = Files.createTempDirectory("kplane-stall-test");
    int brokerPort = Ports.free(false);
    relay = new StallingProxy(Ports.free(false), brokerPort);
    kafka = EmbeddedKafka.builder().dataDir(dir).port(brokerPort)
        .config("advertised.listeners", "PLAINTEXT://127.0.0.1:" + relay.port()).build();
    try {
      kafka.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Through the relay. */
  public String bootstrapServers() {
    return "127.0.0.1:" + relay.port();
  }

  /** No byte passes either way until {@link #resume()}. */
  public void stall() {
    relay.stall();
  }

  public void resume() {
    relay.resume();
  }

  @Override
  public void close() {
    relay.resume();
    kafka.close();
    relay.close();
    Dirs.delete(dir);
  }
}
