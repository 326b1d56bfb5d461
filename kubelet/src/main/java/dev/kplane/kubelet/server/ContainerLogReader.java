package dev.kplane.kubelet.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Writes a container's CRI log file as plain text, as the kubelet's kuberuntime ReadLogs does: from the last
 * tailLines lines (or the start), messages older than since skipped, timestamps prefixed when asked, at most
 * limitBytes; with follow, keeps tailing the file while the container runs.
 */
final class ContainerLogReader {
  /** How often a followed log is polled when it has no new data. */
  static final Duration FOLLOW_POLL = Duration.ofMillis(100);

  private final LogOptions options;
  private long remaining;

  ContainerLogReader(LogOptions options) {
    this.options = options;
    this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
  }

  /**
   * @param out flushed as soon as the start is fixed (over HTTP: the headers go then), so that whatever is written to
   *     the log after the client has the headers is in what it reads, even with {@code tailLines=0}
   * @param running whether the container still runs; a followed log ends once it stops and the file is drained
   */
  void copy(Path file, OutputStream out, BooleanSupplier running) throws IOException, InterruptedException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long pos = options.tailLines() == null ? 0 : tailStart(f, options.tailLines());
      out.flush();
      StringBuilder pending = new StringBuilder();
      byte[] buf = new byte[8192];
      while (remaining > 0) {
        f.seek(pos);
        int n = f.read(buf);
        if (n > 0) {
          pos += n;
          pending.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          emitLines(pending, out);
          continue;
        }
        if (!options.follow()) {
          return;
        }
        out.flush();
        if (!running.getAsBoolean() && f.length() <= pos) {
          return;
        }
        Thread.sleep(FOLLOW_POLL.toMillis());
      }
    }
  }

  private void emitLines(StringBuilder pending, OutputStream out) throws IOException {
    int nl;
    while (remaining > 0 && (nl = pending.indexOf("\n")) >= 0) {
      String raw = pending.substring(0, nl);
      pending.delete(0, nl + 1);
      CriLogLine line = CriLogLine.parse(raw);
      if (line == null || (options.since() != null && line.time().toInstant().isBefore(options.since()))) {
        continue;
      }
      String text = options.timestamps() ? CriLogLine.TIMESTAMP_OUT.format(line.time()) + " " + line.content()
          : line.content();
      write(text.getBytes(StandardCharsets.UTF_8), out);
    }
  }

  private void write(byte[] bytes, OutputStream out) throws IOException {
    int n = (int) Math.min(bytes.length, remaining);
    out.write(bytes, 0, n);
    remaining -= n;
  }

  /** The offset of the first of the last n lines of the file (0 when it has fewer). */
  static long tailStart(RandomAccessFile f, long n) throws IOException {
    if (n == 0) {
      return f.length();
    }
    long pos = f.length();
    long seen = 0;
    byte[] buf = new byte[8192];
    // the file's last byte ends the last line; a newline there does not start a new one
    long end = pos - 1;
    while (end >= 0) {
      long start = Math.max(0, end - buf.length + 1);
      int len = (int) (end - start + 1);
      f.seek(start);
      f.readFully(buf, 0, len);
      for (int i = len - 1; i >= 0; i--) {
        if (buf[i] == '\n' && start + i != pos - 1 && ++seen == n) {
          return start + i + 1;
        }
      }
      end = start - 1;
    }
    return 0;
  }
}
