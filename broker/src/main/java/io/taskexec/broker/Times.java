package io.taskexec.broker;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants as the messages carry them ({@code 2026-11-25T01:00:04.5Z}), written and read
 * without {@code DateTimeFormatter}: a cluster writes and reads several per task, and the general
 * formatter was a tenth of the coordinator's time. Writes exactly what {@link Instant#toString}
 * writes; reads the UTC form with 0 to 9 fraction digits and hands anything else (offsets, years
 * past 9999) to {@link Instant#parse}. Stateless and thread-safe.
 */
final class Times {
  private static final long MAX_FAST = 253_402_300_800L; // 10000-01-01T00:00:00Z

  private Times() {}

  static String format(Instant t) {
    long sec = t.getEpochSecond();
    if (sec < 0 || sec >= MAX_FAST) return t.toString();
    long days = Math.floorDiv(sec, 86_400);
    int sod = (int) (sec - days * 86_400);
    LocalDate d = LocalDate.ofEpochDay(days);
    StringBuilder b = new StringBuilder(30);
    pad(b, d.getYear(), 4).append('-');
    pad(b, d.getMonthValue(), 2).append('-');
    pad(b, d.getDayOfMonth(), 2).append('T');
    pad(b, sod / 3600, 2).append(':');
    pad(b, sod / 60 % 60, 2).append(':');
    pad(b, sod % 60, 2);
    int nano = t.getNano();
    if (nano != 0) {
      b.append('.');
      if (nano % 1_000_000 == 0) pad(b, nano / 1_000_000, 3);
      else if (nano % 1000 == 0) pad(b, nano / 1000, 6);
      else pad(b, nano, 9);
    }
    return b.append('Z').toString();
  }

  /** @throws DateTimeParseException when {@code s} is not an ISO-8601 instant */
  static Instant parse(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') return Instant.parse(s);
    int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
    int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
    int nano = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) return Instant.parse(s);
      int f = digits(s, 20, n - 1);
      if (f < 0) return Instant.parse(s);
      for (int i = n - 1 - 20; i < 9; i++) f *= 10;
      nano = f;
    } else if (s.charAt(19) != 'Z') {
      return Instant.parse(s);
    }
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
      return Instant.parse(s); // the general parser says what is wrong
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nano);
    } catch (DateTimeException e) {
      return Instant.parse(s);
    }
  }

  /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static StringBuilder pad(StringBuilder b, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) b.append('0');
    return b.append(s);
  }
}
