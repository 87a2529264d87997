package io.taskexec.execute;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * The line protocol a shell task may speak on its stdout to report progress and metrics:
 *
 * <pre>
 * ::progress 40/100 loading rows     (done/total, then an optional message)
 * ::progress 0.4 loading rows        (a fraction in [0, 1])
 * ::progress 40%                     (a percentage)
 * ::metric rows=1234 bytes=5.5e6     (one or more name=value pairs)
 * </pre>
 *
 * Lines are fed byte by byte as they are written ({@link #feed}); other lines, and protocol lines
 * that do not parse, are ignored here (they stay in the attempt's stdout log as written).
 * Not thread-safe: one instance per stream.
 */
final class StdoutProtocol {
  /** Protocol lines longer than this are not protocol lines. */
  private static final int MAX_LINE = 4096;

  /** Receives a progress report: fraction in [0, 1], message or null. */
  interface Progress {
    void progress(double fraction, String message);
  }

  private final Progress progress;
  private final BiConsumer<String, Double> metric;
  private final byte[] line = new byte[MAX_LINE];
  private int length;
  /** The current line is not a protocol line: skip to its end. */
  private boolean skipping;
  private boolean atLineStart = true;

  StdoutProtocol(Progress progress, BiConsumer<String, Double> metric) {
    this.progress = progress;
    this.metric = metric;
  }

  /** Feeds {@code n} bytes of stdout. */
  void feed(byte[] buf, int off, int n) {
    for (int i = off; i < off + n; i++) {
      byte b = buf[i];
      if (b == '\n') {
        if (!skipping && length > 0) line(new String(line, 0, length, StandardCharsets.UTF_8));
        length = 0;
        skipping = false;
        atLineStart = true;
        continue;
      }
      if (skipping) continue;
      if (atLineStart) {
        atLineStart = false;
        if (b != ':') {
          skipping = true;
          continue;
        }
      }
      if (length == MAX_LINE) {
        skipping = true;
        length = 0;
        continue;
      }
      line[length++] = b;
    }
  }

  /** The end of the stream: a last line without a newline counts too. */
  void end() {
    if (!skipping && length > 0) line(new String(line, 0, length, StandardCharsets.UTF_8));
    length = 0;
  }

  /** Parses one line; returns false when it is not a well-formed protocol line. */
  boolean line(String raw) {
    String s = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (s.startsWith("::progress ")) return progress(s.substring(11).strip());
    if (s.startsWith("::metric ")) return metrics(s.substring(9).strip());
    return false;
  }

  private boolean progress(String rest) {
    int sp = rest.indexOf(' ');
    String value = sp < 0 ? rest : rest.substring(0, sp);
    String message = sp < 0 ? null : rest.substring(sp + 1).strip();
    if (message != null && message.isEmpty()) message = null;
    double fraction;
    try {
      int slash = value.indexOf('/');
      if (slash > 0) {
        double done = Double.parseDouble(value.substring(0, slash));
        double total = Double.parseDouble(value.substring(slash + 1));
        if (!(total > 0)) return false;
        fraction = done / total;
      } else if (value.endsWith("%")) {
        fraction = Double.parseDouble(value.substring(0, value.length() - 1)) / 100;
      } else {
        fraction = Double.parseDouble(value);
      }
    } catch (NumberFormatException e) {
      return false;
    }
    if (!Double.isFinite(fraction) || fraction < 0) return false;
    progress.progress(Math.min(1, fraction), message);
    return true;
  }

  private boolean metrics(String rest) {
    boolean any = false;
    for (String pair : rest.split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) continue;
      String name = pair.substring(0, eq);
      if (!validName(name)) continue;
      try {
        double v = Double.parseDouble(pair.substring(eq + 1));
        if (!Double.isFinite(v)) continue;
        metric.accept(name, v);
        any = true;
      } catch (NumberFormatException e) {
        // not a number: ignored
      }
    }
    return any;
  }

  /** Metric names as Prometheus would accept them: letters, digits, underscores, not starting with a digit. */
  static boolean validName(String name) {
    if (name.isEmpty() || name.length() > 100) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) return false;
    }
    return true;
  }
}
