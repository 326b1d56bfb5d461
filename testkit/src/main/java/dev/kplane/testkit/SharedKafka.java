package dev.kplane.testkit;

import dev.kplane.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker per test JVM, shared by every test class that uses the extension. Tests keep apart
 * by cluster prefix ({@link #uniquePrefix}), not by broker. The broker stops when the JVM's tests are done.
 */
public final class SharedKafka implements BeforeAllCallback, ParameterResolver {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedKafka broker;

  /** Starts the broker if needed; its bootstrap servers. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      try {
        Path dir = Files.createTempDirectory("kplane-test-kafka");
        EmbeddedKafka k = EmbeddedKafka.builder().dataDir(dir).build();
        k.start();
        broker = k;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          k.close();
          Dirs.delete(dir);
        }, "shared-kafka-stop"));
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the test broker's directory", e);
      }
    }
    return broker.bootstrapServers();
  }

  /** A cluster prefix no other test uses: base-<n>-<random>. */
  public static String uniquePrefix(String base) {
    return base + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    bootstrapServers();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return new KafkaBroker(bootstrapServers());
  }

}
