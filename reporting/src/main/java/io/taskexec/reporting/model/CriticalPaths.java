package io.taskexec.reporting.model;

import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the critical path of a run that happened: start from the task that ended last and walk back,
 * each time to the upstream task (a completion dependency) that ended last, until a task waited for
 * none. Keeps an id, type, start and end per task and the task-to-task edges only.
 */
final class CriticalPaths {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> ids = new ArrayList<>();
  private final List<String> types = new ArrayList<>();
  private long[] start = new long[1024];
  private long[] end = new long[1024];
  /** Successor to predecessor edges as ids, resolved at the end (a downstream edge names a later task). */
  private final List<String[]> edges = new ArrayList<>();

  void add(String id, String type, List<Dependency> deps, long startMs, long endMs) {
    int i = ids.size();
    if (i == start.length) {
      start = Arrays.copyOf(start, i * 2);
      end = Arrays.copyOf(end, i * 2);
    }
    index.put(id, i);
    ids.add(id);
    types.add(type);
    start[i] = startMs;
    end[i] = endMs;
    for (Dependency d : deps) {
      if (d.condition() == DependencyCondition.START || d.condition() == DependencyCondition.RESOURCE_AVAILABLE) continue;
      if (d.type() == DependencyType.UPSTREAM) edges.add(new String[] {id, d.taskId()});
      else if (d.type() == DependencyType.DOWNSTREAM) edges.add(new String[] {d.taskId(), id});
    }
  }

  RunReport.CriticalPath build() {
    int last = -1;
    for (int i = 0; i < ids.size(); i++) if (end[i] > 0 && (last < 0 || end[i] > end[last])) last = i;
    if (last < 0) return new RunReport.CriticalPath("no task has ended yet", 0, 0, List.of());
    Map<Integer, List<Integer>> preds = new HashMap<>();
    for (String[] e : edges) {
      Integer s = index.get(e[0]), p = index.get(e[1]);
      if (s != null && p != null) preds.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
    }
    List<Integer> chain = new ArrayList<>();
    boolean[] seen = new boolean[ids.size()];
    for (int t = last; t >= 0 && !seen[t]; ) {
      seen[t] = true;
      chain.add(t);
      int next = -1;
      for (int p : preds.getOrDefault(t, List.of())) if (end[p] > 0 && (next < 0 || end[p] > end[next])) next = p;
      t = next;
    }
    java.util.Collections.reverse(chain);
    List<RunReport.PathStep> steps = new ArrayList<>(chain.size());
    double run = 0;
    long prevEnd = -1;
    for (int t : chain) {
      double d = start[t] > 0 ? (end[t] - start[t]) / 1000.0 : 0;
      run += d;
      double wait = prevEnd < 0 || start[t] <= 0 ? 0 : Math.max(0, (start[t] - prevEnd) / 1000.0);
      steps.add(new RunReport.PathStep(ids.get(t), types.get(t), start[t] > 0 ? Instant.ofEpochMilli(start[t]).toString() : null,
          Instant.ofEpochMilli(end[t]).toString(), d, wait));
      prevEnd = end[t];
    }
    int first = chain.get(0);
    double span = ((end[last]) - (start[first] > 0 ? start[first] : end[first])) / 1000.0;
    String note = edges.isEmpty()
        ? "no task depends on another: the critical path is the task that ended last"
        : chain.size() + " tasks, from " + ids.get(first) + " to " + ids.get(last)
            + "; shortening any of them shortens the run";
    return new RunReport.CriticalPath(note, span, run, steps);
  }
}
