package io.taskexec.ingest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: a number of seconds ({@code 60}, {@code 0.5}), a number with a
 * unit ({@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}), several of those
 * ({@code 1h30m}), or ISO-8601 ({@code PT30M}, {@code P1D}). Never negative.
 */
final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?\\s*(?:ms|s|m|h|d)\\s*)+");

  static final String EXAMPLES = "500ms, 90s, 30m, 2h, 1d, 1h30m, PT30M, or a number of seconds";

  private DurationText() {}

  /** Whether {@code s} looks like a duration rather than an instant. */
  static boolean looksLikeDuration(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    return t.startsWith("p") || t.startsWith("-p") || WHOLE.matcher(t).matches() || isNumber(t);
  }

  /** @throws IllegalArgumentException saying what is wrong, without the value's path */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) throw new IllegalArgumentException("a duration is required");
    if (t.startsWith("p") || t.startsWith("-p")) {
      try {
        return nonNegative(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration");
      }
    }
    if (isNumber(t)) return seconds(new BigDecimal(t), text);
    if (!WHOLE.matcher(t).matches()) throw new IllegalArgumentException("'" + text + "' is not a duration");
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      BigDecimal n = new BigDecimal(m.group(1));
      long nanosPerUnit = switch (m.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 86_400_000_000_000L;
      };
      total = total.plus(nanos(n.multiply(BigDecimal.valueOf(nanosPerUnit)), text));
    }
    return total;
  }

  /** A number of seconds, e.g. the 60 of {@code sync_interval: 60}. */
  static Duration seconds(Number n) {
    BigDecimal d = n instanceof Double || n instanceof Float
        ? BigDecimal.valueOf(n.doubleValue()) : new BigDecimal(n.toString());
    return seconds(d, n.toString());
  }

  private static Duration seconds(BigDecimal s, String text) {
    return nanos(s.multiply(BigDecimal.valueOf(1_000_000_000L)), text);
  }

  private static Duration nanos(BigDecimal nanos, String text) {
    if (nanos.signum() < 0) throw new IllegalArgumentException("a duration must not be negative, got " + text);
    try {
      BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
      return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
  }

  private static Duration nonNegative(Duration d, String text) {
    if (d.isNegative()) throw new IllegalArgumentException("a duration must not be negative, got " + text);
    return d;
  }

  private static boolean isNumber(String t) {
    return t.matches("-?\\d+(\\.\\d+)?");
  }
}
