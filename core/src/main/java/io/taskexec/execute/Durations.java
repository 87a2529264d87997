package io.taskexec.execute;

import java.time.Duration;
import java.util.Locale;

/** Reads durations as users write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, ISO {@code PT5S}, or a number of seconds. */
public final class Durations {
  private Durations() {}

  public static Duration parse(Object value) {
    if (value instanceof Duration d) return d;
    if (value instanceof Number n) return Duration.ofNanos((long) (n.doubleValue() * 1e9));
    if (value == null) throw new IllegalArgumentException("a duration is required");
    String s = value.toString().trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
      String[] units = {"ms", "s", "m", "h", "d"};
      long[] nanos = {1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L, 86_400_000_000_000L};
      for (int i = 0; i < units.length; i++) {
        if (s.endsWith(units[i])) {
          String num = s.substring(0, s.length() - units[i].length()).trim();
          if (units[i].equals("s") && num.endsWith("m")) continue;
          return Duration.ofNanos((long) (Double.parseDouble(num) * nanos[i]));
        }
      }
      return Duration.ofNanos((long) (Double.parseDouble(s) * 1e9));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + value + "' is not a duration");
    }
  }

  /** A short human form: 850ms, 12.3s, 4m05s, 2h10m. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + "ms";
    if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    long s = ms / 1000;
    if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
