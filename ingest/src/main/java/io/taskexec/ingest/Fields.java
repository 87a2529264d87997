package io.taskexec.ingest;

import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.ListNode;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.ingest.Node.ScalarNode;
import io.taskexec.validate.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of {@link Node} values. Each reader records the value's location under its path
 * and returns the value, or reports a problem naming the expected type and returns null. A null
 * node (key absent) returns null without a problem: whether a key is required is the caller's rule.
 */
final class Fields {
  private final Problems problems;

  Fields(Problems problems) {
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The last segment of a path, as the user wrote it: {@code cpu_cores}, {@code tasks[3]}. */
  static String name(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Reports every key of {@code m} not in {@code allowed}, with "did you mean" when one is close. */
  void onlyKeys(MapNode m, String path, Collection<String> allowed, String owner) {
    for (Field f : m.fields().values()) {
      if (allowed.contains(f.key())) continue;
      Optional<String> guess = Suggestions.closestOf(f.key(), allowed);
      String keys = owner + " takes: " + String.join(", ", allowed);
      String at = child(path, f.key());
      problems.addAt(f.line(), f.column(), at,
          "unknown key '" + f.key() + "'" + guess.map(g -> " — did you mean '" + g + "'?").orElse(""),
          guess.map(g -> "rename it to '" + g + "'; ").orElse("remove it or fix its name; ") + keys);
      guess.ifPresent(g -> problems.markReported(child(path, g)));
    }
  }

  /**
   * Reports a required key that is absent, pointing at the map that should hold it; unless a
   * misspelling of it was reported already (call after {@link #onlyKeys}).
   */
  void required(MapNode m, String path, String key, String example) {
    if (m.fields().containsKey(key) || problems.covers(child(path, key))) return; // e.g. misspelt, reported
    String where = path.isEmpty() ? "the file" : name(path);
    problems.add(m, child(path, key), key + " is required but missing from " + where, "add e.g. " + example);
  }

  MapNode map(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    if (n instanceof MapNode m) return m;
    return wrongType(n, path, "a map", example);
  }

  ListNode list(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    if (n instanceof ListNode l) return l;
    return wrongType(n, path, "a list", example);
  }

  String string(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    if (n instanceof ScalarNode s && s.value() instanceof String str) return str;
    return wrongType(n, path, "a string", example);
  }

  /** A string, or a whole number taken as its text (ids such as {@code 42}). */
  String text(Node n, String path, String example) {
    if (n instanceof ScalarNode s && s.isInteger()) {
      problems.record(path, n);
      return s.text();
    }
    return string(n, path, example);
  }

  Integer integer(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    if (n instanceof ScalarNode s && s.isInteger()) {
      BigInteger v = new BigInteger(s.value().toString());
      if (v.bitLength() < 32) return v.intValue();
      problems.add(n, path, name(path) + " is too large, got " + s.text(), "use a number between "
          + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
      return null;
    }
    if (n instanceof ScalarNode s && s.value() instanceof Double) {
      problems.add(n, path, name(path) + " must be a whole number, got " + s.text(), "write e.g. " + example);
      return null;
    }
    return wrongType(n, path, "a whole number", example);
  }

  Double number(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    if (n instanceof ScalarNode s && s.value() instanceof Number num) {
      double d = num.doubleValue();
      if (Double.isFinite(d)) return d;
      problems.add(n, path, name(path) + " must be a finite number, got " + s.text(), "write e.g. " + example);
      return null;
    }
    return wrongType(n, path, "a number", example);
  }

  Boolean bool(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    if (n instanceof ScalarNode s && s.value() instanceof Boolean b) return b;
    return wrongType(n, path, "true or false", example);
  }

  Duration duration(Node n, String path, String example) {
    if (n == null) return null;
    problems.record(path, n);
    try {
      if (n instanceof ScalarNode s && s.value() instanceof Number num) return DurationText.seconds(num);
      if (n instanceof ScalarNode s && s.value() instanceof String str) return DurationText.parse(str);
    } catch (IllegalArgumentException e) {
      problems.add(n, path, name(path) + ": " + e.getMessage(),
          "write e.g. " + example + " (" + DurationText.EXAMPLES + ")");
      return null;
    }
    return wrongType(n, path, "a duration", example + " (" + DurationText.EXAMPLES + ")");
  }

  List<String> strings(Node n, String path, String example) {
    ListNode l = list(n, path, example);
    if (l == null) return null;
    List<String> out = new ArrayList<>(l.items().size());
    boolean ok = true;
    for (int i = 0; i < l.items().size(); i++) {
      String s = string(l.items().get(i), path + "[" + i + "]", example);
      if (s == null) ok = false;
      else out.add(s);
    }
    return ok ? out : null;
  }

  /** One of the names in {@code choices} (the spec's lower-case names). */
  <E> E choice(Node n, String path, Map<String, E> choices) {
    String s = string(n, path, String.join(" | ", choices.keySet()));
    if (s == null) return null;
    E e = choices.get(s);
    if (e != null) return e;
    Optional<String> guess = Suggestions.closestOf(s, choices.keySet());
    problems.add(n, path, name(path) + " '" + s + "' is not one of " + String.join(", ", choices.keySet())
            + guess.map(g -> " — did you mean '" + g + "'?").orElse(""),
        "write one of: " + String.join(", ", choices.keySet()));
    return null;
  }

  /** A JSON-like Java value (String, Integer, Long, BigInteger, Double, Boolean, null, List, Map). */
  Object plain(Node n, String path) {
    problems.record(path, n);
    if (n instanceof ScalarNode s) return s.value();
    if (n instanceof ListNode l) {
      List<Object> out = new ArrayList<>(l.items().size());
      for (int i = 0; i < l.items().size(); i++) out.add(plain(l.items().get(i), path + "[" + i + "]"));
      return out;
    }
    return plainMap((MapNode) n, path);
  }

  Map<String, Object> plainMap(MapNode m, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : m.fields().values()) out.put(f.key(), plain(f.value(), child(path, f.key())));
    return out;
  }

  private <T> T wrongType(Node n, String path, String expected, String example) {
    problems.add(n, path, name(path) + " must be " + expected + ", got " + n.describe(), "write e.g. " + example);
    return null;
  }

  /** Each name mapped to itself, in the order given (for {@link #choice} over plain names). */
  static Map<String, String> names(String... names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String n : names) m.put(n, n);
    return m;
  }

  /** The enum's values by their lower-case names, in declaration order. */
  static <E extends Enum<E>> Map<String, E> choices(E[] values) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) m.put(e.name().toLowerCase(Locale.ROOT), e);
    return m;
  }
}
