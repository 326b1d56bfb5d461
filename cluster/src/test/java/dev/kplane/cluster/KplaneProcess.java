package dev.kplane.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `kplane up` as a separate JVM, as bin/kplane runs it (embedded broker and API server in one process), with
 * its output in a log file under its directory.
 */
final class KplaneProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Path dir;
  final int apiPort;
  final int kafkaPort;
  final Process process;
  final Path log;

  private KplaneProcess(Path dir, int apiPort, int kafkaPort, Process process, Path log) {
    this.dir = dir;
    this.apiPort = apiPort;
    this.kafkaPort = kafkaPort;
    this.process = process;
    this.log = log;
  }

  /** Starts on free ports (the broker's controller listens on the port after the broker's). */
  static KplaneProcess start(Path dir, String... extraArgs) throws IOException {
    return start(dir, dev.kplane.kafka.Ports.free(false), dev.kplane.kafka.Ports.free(true), extraArgs);
  }

  static KplaneProcess start(Path dir, int apiPort, int kafkaPort, String... extraArgs) throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    String cp = target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
    Files.createDirectories(dir);
    Path log = dir.resolve("kplane-" + System.nanoTime() + ".log");
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cp, "dev.kplane.cluster.Kplane", "up", "--data-dir", dir.resolve("data").toString(),
        "--api-port", Integer.toString(apiPort), "--kafka-port", Integer.toString(kafkaPort)));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new KplaneProcess(dir, apiPort, kafkaPort, p, log);
  }

  String base() {
    return "http://127.0.0.1:" + apiPort;
  }

  Path kubeconfig() {
    return dir.resolve("data").resolve("kubeconfig");
  }

  KplaneProcess awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), () -> "kplane exited with " + process.exitValue() + "; log:\n" + tail(40));
      try {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/readyz")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().equals("ok") && Files.exists(kubeconfig())) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("kplane did not become ready in 300 s; log:\n" + tail(40));
  }

  /** The last lines of the output, without the broker's transaction-marker chatter. */
  String tail(int lines) {
    return dev.kplane.testkit.LogTail.of(log, lines, l -> !l.contains("TxnMarkerSenderThread"));
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

}
