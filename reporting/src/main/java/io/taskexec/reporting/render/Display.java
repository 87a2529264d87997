package io.taskexec.reporting.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adds to a report's tree the text a template shows beside each value: for every key {@code k} a
 * {@code k_text} (durations for {@code *_seconds}, percentages for rates, shares and efficiencies,
 * grouped digits for counts, readable UTC times for {@code *_at} and timestamps, "not measured" for
 * a missing measurement), so that templates stay logic-less.
 */
final class Display {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Display() {}

  @SuppressWarnings("unchecked")
  static Object enrich(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = (String) e.getKey();
        Object v = e.getValue();
        out.put(k, enrich(v));
        if (v instanceof List<?> l) {
          out.put(k + "_any", !l.isEmpty());
          out.put(k + "_count", l.size());
        } else if (!(v instanceof Map)) {
          out.put(k + "_text", text(k, v));
        }
      }
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(enrich(o));
      return out;
    }
    return node;
  }

  static String text(String key, Object v) {
    if (v == null) {
      if (key.startsWith("used") || key.contains("efficiency") || key.startsWith("recommended") || key.startsWith("peak")
          || key.equals("gpu_seconds")) {
        return "not measured";
      }
      return "-";
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (key.endsWith("core_seconds") || key.equals("gpu_seconds")) return String.format(Locale.ROOT, "%,.1f", d);
      if (key.endsWith("_seconds")) return duration(d);
      if (key.endsWith("rate") || key.endsWith("efficiency") || key.equals("share")) return String.format(Locale.ROOT, "%.1f %%", d * 100);
      if (key.endsWith("_gb")) return String.format(Locale.ROOT, "%.2f GB", d);
      if (key.endsWith("_hours")) return String.format(Locale.ROOT, "%,.2f", d);
      if (v instanceof Integer || v instanceof Long) return String.format(Locale.ROOT, "%,d", n.longValue());
      return String.format(Locale.ROOT, "%,.2f", d);
    }
    if (v instanceof String s && (key.endsWith("_at") || key.equals("at") || key.equals("from") || key.equals("to") || key.equals("start")
        || key.equals("end") || key.equals("deadline"))) {
      try {
        return TIME.format(Instant.parse(s));
      } catch (RuntimeException e) {
        return s;
      }
    }
    return String.valueOf(v);
  }

  /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}, {@code 2 h 07 min}, {@code 3 d 04 h}. */
  static String duration(double seconds) {
    if (seconds < 1) return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
    long s = Math.round(seconds);
    if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    if (s < 86400) return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    return String.format(Locale.ROOT, "%d d %02d h", s / 86400, (s % 86400) / 3600);
  }
}
