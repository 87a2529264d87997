package io.taskexec.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gathers problems of one validation run with the task index each belongs to, and hands them back
 * in source order: line, then column; tasks built in code (no line) by task index. Paths are
 * built by the caller only when there is a problem, so a clean batch allocates nothing here.
 */
final class ProblemCollector {
  private record Entry(Problem problem, int taskIndex, int seq) {}

  private static final Comparator<Entry> SOURCE_ORDER =
      Comparator.<Entry>comparingInt(e -> e.problem.location().line())
          .thenComparingInt(e -> e.problem.location().column())
          .thenComparingInt(Entry::taskIndex)
          .thenComparingInt(Entry::seq);

  private final SourceMap sources;
  private final List<Entry> entries = new ArrayList<>();

  ProblemCollector(SourceMap sources) {
    this.sources = sources == null ? SourceMap.EMPTY : sources;
  }

  SourceMap sources() {
    return sources;
  }

  void add(int taskIndex, String path, String message, String hint) {
    Problem p = new Problem(sources.locate(path), path, message, hint);
    entries.add(new Entry(p, taskIndex, entries.size()));
  }

  List<Problem> sorted() {
    if (entries.isEmpty()) return List.of();
    entries.sort(SOURCE_ORDER);
    List<Problem> out = new ArrayList<>(entries.size());
    for (Entry e : entries) out.add(e.problem);
    return out;
  }

  static String task(int i) {
    return "tasks[" + i + "]";
  }

  static String field(int i, String field) {
    return "tasks[" + i + "]." + field;
  }

  static String dependency(int i, int j) {
    return "tasks[" + i + "].dependencies[" + j + "]";
  }
}
