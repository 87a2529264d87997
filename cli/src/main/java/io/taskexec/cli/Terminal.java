package io.taskexec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What we can learn about the terminal without a library: its width, and whether it takes UTF-8. */
final class Terminal {
  private static final int DEFAULT_COLUMNS = 100;

  private Terminal() {}

  /** $COLUMNS, else {@code stty size} on /dev/tty, else 100. */
  static int columns(Map<String, String> env) {
    try {
      String c = env.get("COLUMNS");
      if (c != null) return Integer.parseInt(c.trim());
    } catch (NumberFormatException e) {
      // fall through to stty
    }
    try {
      Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return DEFAULT_COLUMNS;
      }
      String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
      return rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : DEFAULT_COLUMNS;
    } catch (IOException | NumberFormatException e) {
      return DEFAULT_COLUMNS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_COLUMNS;
    }
  }

  /** Whether stderr is encoded as UTF-8 (else the progress bar uses ASCII). */
  static boolean unicode() {
    String enc = System.getProperty("stderr.encoding", System.getProperty("native.encoding", ""));
    return enc.toUpperCase(Locale.ROOT).replace("-", "").contains("UTF8");
  }
}
