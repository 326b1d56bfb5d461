package dev.kplane.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogReaderTest {
  @TempDir Path dir;

  static final String LOG = """
      2026-01-01T00:00:01.5Z stdout F one
      2026-01-01T00:00:02Z stderr F two
      2026-01-01T00:00:03.000000001Z stdout P thr
      2026-01-01T00:00:03.000000002Z stdout F ee
      not a cri line
      2026-01-01T00:00:04Z stdout F four
      """;

  String read(LogOptions options) throws Exception {
    Path f = dir.resolve("0.log");
    Files.writeString(f, LOG);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ContainerLogReader(options).copy(f, out, () -> false);
    return out.toString(StandardCharsets.UTF_8);
  }

  static LogOptions opts(boolean timestamps, Instant since, Long tail, Long limit) {
    return new LogOptions(false, false, timestamps, since, tail, limit);
  }

  @Test
  void shouldTurnCriLinesIntoPlainText() throws Exception {
    assertEquals("one\ntwo\nthree\nfour\n", read(opts(false, null, null, null)));
  }

  @Test
  void shouldPrefixFixedNanosecondTimestamps() throws Exception {
    assertEquals("2026-01-01T00:00:01.500000000Z one\n2026-01-01T00:00:02.000000000Z two\n",
        read(opts(true, null, null, 70L)));
  }

  @Test
  void shouldTailSinceAndLimit() throws Exception {
    assertEquals("four\n", read(opts(false, null, 1L, null)));
    assertEquals("ee\nfour\n", read(opts(false, null, 3L, null)), "the third line from the end is the invalid one");
    assertEquals("", read(opts(false, null, 0L, null)));
    assertEquals("one\ntwo\nthree\nfour\n", read(opts(false, null, 100L, null)));
    assertEquals("three\nfour\n", read(opts(false, Instant.parse("2026-01-01T00:00:03Z"), null, null)));
    assertEquals("one\ntw", read(opts(false, null, null, 6L)));
  }

  @Test
  void shouldFollowUntilTheContainerStops() throws Exception {
    Path f = dir.resolve("follow.log");
    Files.writeString(f, "2026-01-01T00:00:01Z stdout F first\n");
    AtomicBoolean running = new AtomicBoolean(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var done = CompletableFuture.runAsync(() -> {
      try {
        new ContainerLogReader(new LogOptions(true, false, false, null, null, null)).copy(f, out, running::get);
      } catch (Exception x) {
        throw new RuntimeException(x);
      }
    });
    Files.writeString(f, "2026-01-01T00:00:02Z stdout F second\n", StandardOpenOption.APPEND);
    running.set(false);
    done.get();
    assertEquals("first\nsecond\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRejectLinesThatAreNotCri() {
    assertNull(CriLogLine.parse("hello"));
    assertNull(CriLogLine.parse("yesterday stdout F x"));
    assertEquals("", CriLogLine.parse("2026-01-01T00:00:01+02:00 stdout F").text());
  }
}
