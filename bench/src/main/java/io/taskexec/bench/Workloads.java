package io.taskexec.bench;

import io.taskexec.task.Dependency;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The task lists the benchmarks submit: built before the clock starts, so that making them is
 * not measured. Every task is a {@code noop} with small requirements that the bench agent never
 * runs out of.
 */
final class Workloads {
  static final Requirements SMALL = new Requirements(0.1, 0.01, 0.01, 0);
  static final long DAG_SEED = 20_240_601L;

  private Workloads() {}

  /** {@code n} independent no-op tasks, ids {@code prefix-0 ...}. */
  static List<Task> flat(String prefix, int n) {
    List<Task> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(task(prefix + "-" + i, List.of()));
    return out;
  }

  /**
   * A random DAG of {@code n} no-op tasks in topological order: task i waits for the completion
   * of {@code min(i, deps)} distinct tasks drawn uniformly from tasks 0 .. i-1, with a fixed
   * seed, so every run builds the same graph.
   */
  static List<Task> randomDag(String prefix, int n, int deps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Task> out = new ArrayList<>(n);
    int[] picked = new int[deps];
    for (int i = 0; i < n; i++) {
      int k = Math.min(i, deps);
      List<Dependency> upstream = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        int u;
        do {
          u = random.nextInt(i);
        } while (contains(picked, j, u));
        picked[j] = u;
        upstream.add(Dependency.after(prefix + "-" + u));
      }
      out.add(task(prefix + "-" + i, upstream));
    }
    return out;
  }

  /** Number of dependency edges of a task list. */
  static long edges(List<Task> tasks) {
    long e = 0;
    for (Task t : tasks) e += t.dependencies().size();
    return e;
  }

  private static boolean contains(int[] a, int len, int v) {
    for (int i = 0; i < len; i++) {
      if (a[i] == v) return true;
    }
    return false;
  }

  private static Task task(String id, List<Dependency> deps) {
    return new Task(id, "noop", 0, null, SMALL, deps, null, null, null, null, null);
  }
}
