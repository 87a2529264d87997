package io.taskexec.plan;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Priorities for a whole task graph on identical processors, found by looking ahead: the order in
 * which a list scheduler should take ready tasks so that the graph finishes early.
 *
 * <p>{@link #schedule} is the list scheduler the planner is (non-delay: whenever a processor is
 * free, the ready task of highest priority starts), so a priority found here and given to the
 * planner's tasks reproduces the schedule. {@link #improve} starts from the critical-path
 * priority (longest path to the end, the planner's own order) and improves on it with
 * forward-backward improvement (Valls, Ballestín and Quintanilla, EJOR 2005; also called
 * justification): schedule the graph backwards in the order its tasks finished, then forwards in
 * the order they started in the backward schedule, and keep doing so while the makespan falls;
 * each restart perturbs the critical-path priority at random (a fixed seed: the result is
 * repeatable). The best schedule seen wins, and it is never worse than the critical-path one.
 *
 * <p>Pure functions. Durations in any unit; every task takes one processor.
 */
public final class ListPlan {
  private ListPlan() {}

  /** Start times of the non-delay list schedule on {@code m} processors; higher priority first. */
  public static double[] schedule(double[] duration, int[][] parents, int m, double[] priority) {
    int n = duration.length;
    if (m < 1) throw new IllegalArgumentException("processors must be >= 1: " + m);
    int[][] children = children(parents);
    int[] pending = new int[n];
    PriorityQueue<Integer> ready = new PriorityQueue<>(Math.max(1, n), (a, b) -> {
      int c = Double.compare(priority[b], priority[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int j = 0; j < n; j++) {
      pending[j] = parents[j].length;
      if (pending[j] == 0) ready.add(j);
    }
    double[] start = new double[n];
    Arrays.fill(start, Double.NaN);
    PriorityQueue<double[]> running = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
    int free = m;
    double now = 0;
    int done = 0;
    while (done < n) {
      while (free > 0 && !ready.isEmpty()) {
        int j = ready.poll();
        start[j] = now;
        free--;
        running.add(new double[] {now + duration[j], j});
      }
      if (running.isEmpty()) throw new IllegalArgumentException("the task graph has a cycle");
      now = running.peek()[0];
      while (!running.isEmpty() && running.peek()[0] == now) {
        int j = (int) running.poll()[1];
        free++;
        done++;
        for (int c : children[j]) if (--pending[c] == 0) ready.add(c);
      }
    }
    return start;
  }

  /** The end of the last task of a schedule. */
  public static double makespan(double[] duration, double[] start) {
    double end = 0;
    for (int j = 0; j < duration.length; j++) end = Math.max(end, start[j] + duration[j]);
    return end;
  }

  /** The longest path from each task's start to the end of the graph (upward rank). */
  public static double[] upwardRank(double[] duration, int[][] parents) {
    int n = duration.length;
    int[][] children = children(parents);
    int[] pending = new int[n];
    int[] order = new int[n];
    int size = 0;
    for (int j = 0; j < n; j++) {
      pending[j] = parents[j].length;
      if (pending[j] == 0) order[size++] = j;
    }
    for (int x = 0; x < size; x++) {
      for (int c : children[order[x]]) if (--pending[c] == 0) order[size++] = c;
    }
    if (size != n) throw new IllegalArgumentException("the task graph has a cycle");
    double[] rank = new double[n];
    for (int x = n - 1; x >= 0; x--) {
      int j = order[x];
      double below = 0;
      for (int c : children[j]) below = Math.max(below, rank[c]);
      rank[j] = duration[j] + below;
    }
    return rank;
  }

  /**
   * A priority per task (higher first, all distinct) whose list schedule is at least as short as
   * the critical-path one: {@code restarts} perturbed starts, each improved forward and backward.
   */
  public static int[] improve(double[] duration, int[][] parents, int m, int restarts, long seed) {
    int n = duration.length;
    int[][] children = children(parents);
    double[] base = upwardRank(duration, parents);
    SplittableRandom random = new SplittableRandom(seed);
    double[] bestStart = schedule(duration, parents, m, base);
    double best = makespan(duration, bestStart);
    for (int r = 0; r <= restarts; r++) {
      double[] priority = base.clone();
      if (r > 0) for (int j = 0; j < n; j++) priority[j] *= 1 + 0.2 * random.nextDouble();
      double[] start = schedule(duration, parents, m, priority);
      double span = makespan(duration, start);
      for (int pass = 0; pass < 20; pass++) {
        // backwards: the reversed graph, latest finishers first
        double[] finish = new double[n];
        for (int j = 0; j < n; j++) finish[j] = start[j] + duration[j];
        double[] back = schedule(duration, children, m, finish);
        // forwards again: who ends last in the backward schedule starts first
        double[] order = new double[n];
        for (int j = 0; j < n; j++) order[j] = back[j] + duration[j];
        double[] forward = schedule(duration, parents, m, order);
        double forwardSpan = makespan(duration, forward);
        if (forwardSpan < span - 1e-9 * Math.max(1, span)) {
          start = forward;
          span = forwardSpan;
        } else {
          break;
        }
      }
      if (span < best - 1e-9 * Math.max(1, best)) {
        best = span;
        bestStart = start;
      }
    }
    return ranks(bestStart, base);
  }

  /** Distinct integer priorities: earlier start first, ties by the critical path. */
  private static int[] ranks(double[] start, double[] base) {
    int n = start.length;
    Integer[] order = new Integer[n];
    for (int j = 0; j < n; j++) order[j] = j;
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(start[a], start[b]);
      if (c != 0) return c;
      c = Double.compare(base[b], base[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] rank = new int[n];
    for (int k = 0; k < n; k++) rank[order[k]] = n - k;
    return rank;
  }

  private static int[][] children(int[][] parents) {
    int n = parents.length;
    int[] count = new int[n];
    for (int[] ps : parents) for (int q : ps) count[q]++;
    int[][] children = new int[n][];
    for (int j = 0; j < n; j++) children[j] = new int[count[j]];
    Arrays.fill(count, 0);
    for (int j = 0; j < n; j++) for (int q : parents[j]) children[q][count[q]++] = j;
    return children;
  }
}
