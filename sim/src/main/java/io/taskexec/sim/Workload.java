package io.taskexec.sim;

import java.util.List;
import java.util.Objects;

/**
 * Tasks to simulate, as read from a trace or a generated benchmark.
 *
 * @param format the file format it was read from ("wfcommons-1.5", "dax", "stg", "swf", ...)
 * @param observedMakespan the makespan recorded in the trace, in seconds, or NaN
 * @param processors the machine size the trace names (SWF's MaxProcs), or 0 when it names none
 */
public record Workload(
    String name, String format, List<SimTask> tasks, double observedMakespan, int processors) {
  public Workload {
    Objects.requireNonNull(name, "name");
    tasks = List.copyOf(tasks);
  }

  /** Precedence edges (each parent of each task once). */
  public long edgeCount() {
    long e = 0;
    for (SimTask t : tasks) e += t.parents().length;
    return e;
  }

  /** Total work: the sum over tasks of runtime times cores. */
  public double work() {
    double w = 0;
    for (SimTask t : tasks) w += t.runtime() * Math.max(t.cpu(), 0);
    return w;
  }

  /**
   * The longest path of runtimes through the graph (the critical path), in seconds: no schedule
   * on any number of processors ends sooner.
   */
  public double criticalPath() {
    int n = tasks.size();
    int[][] children = children();
    int[] indegree = new int[n];
    for (int i = 0; i < n; i++) indegree[i] = tasks.get(i).parents().length;
    double[] finish = new double[n];
    int[] queue = new int[n];
    int tail = 0;
    for (int i = 0; i < n; i++) if (indegree[i] == 0) queue[tail++] = i;
    double longest = 0;
    for (int head = 0; head < tail; head++) {
      int i = queue[head];
      double start = 0;
      for (int p : tasks.get(i).parents()) start = Math.max(start, finish[p]);
      finish[i] = start + tasks.get(i).runtime();
      longest = Math.max(longest, finish[i]);
      for (int c : children[i]) if (--indegree[c] == 0) queue[tail++] = c;
    }
    if (tail < n) throw new IllegalStateException("workload " + name + " has a dependency cycle");
    return longest;
  }

  /** For each task, the indexes of the tasks that wait for it. */
  public int[][] children() {
    int n = tasks.size();
    int[] count = new int[n];
    for (SimTask t : tasks) for (int p : t.parents()) count[p]++;
    int[][] children = new int[n][];
    for (int i = 0; i < n; i++) children[i] = new int[count[i]];
    int[] fill = new int[n];
    for (int i = 0; i < n; i++) for (int p : tasks.get(i).parents()) children[p][fill[p]++] = i;
    return children;
  }
}
