package io.taskexec.ingest;

import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import io.taskexec.validate.SourceMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems found while reading one source, the {@link SourceMap} filled on the way, and the
 * paths already reported (so that the validator does not report the same field a second time).
 * Not thread-safe; one per read.
 */
final class Problems {
  /** Line, then column; problems without a line first. Stable, so ties keep the order found. */
  static final Comparator<Problem> SOURCE_ORDER =
      Comparator.<Problem>comparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column());

  private final SourceMap map;
  private final List<Problem> list = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();

  Problems(String source) {
    this.map = new SourceMap(source);
  }

  String source() {
    return map.source();
  }

  SourceMap sourceMap() {
    return map;
  }

  List<Problem> list() {
    return list;
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** Remembers where the value at {@code path} was written. */
  void record(String path, Node node) {
    if (node != null && node.line() > 0) map.put(path, node.line(), node.column());
  }

  /** A problem with the value at {@code path}; located at {@code where}, or by path if null. */
  void add(Node where, String path, String message, String hint) {
    SourceLocation loc = where != null && where.line() > 0
        ? new SourceLocation(map.source(), where.line(), where.column())
        : map.locate(path);
    list.add(new Problem(loc, path, message, hint));
    reported.add(path);
  }

  void addAt(int line, int column, String path, String message, String hint) {
    list.add(new Problem(new SourceLocation(map.source(), line, column), path, message, hint));
    reported.add(path);
  }

  /** Counts {@code path} as reported without a problem of its own (e.g. a key the user misspelt). */
  void markReported(String path) {
    reported.add(path);
  }

  /** True when {@code path} or a field enclosing it was already reported. */
  boolean covers(String path) {
    String p = path;
    while (true) {
      if (reported.contains(p)) return true;
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return false;
      p = p.substring(0, cut);
    }
  }
}
