package io.taskexec.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * HEFT, Heterogeneous Earliest Finish Time (Topcuoglu, Hariri and Wu, IEEE TPDS 13(3), 2002): a
 * list scheduler for a DAG on processors of different speeds, where moving data between two
 * processors costs time and running on the same processor costs none.
 *
 * <p>Priority: the upward rank, {@code rank(i) = mean cost of i + max over successors j of (comm
 * cost of i to j + rank(j))}, highest first (ties to the lower index). Placement: each task in
 * that order goes to the processor where it finishes earliest, and may be inserted into an idle
 * gap between tasks already scheduled there ("insertion-based policy"). A pure function, O(e * p
 * + n^2 * p) in the worst case; the schedule is static (all costs known in advance), which is
 * what HEFT is for.
 */
public final class Heft {
  /**
   * A computed schedule: task i runs on {@code processor[i]} from {@code start[i]} to {@code
   * finish[i]}; {@code order} is the priority list.
   */
  public record Schedule(int[] processor, double[] start, double[] finish, int[] order, double makespan) {}

  /** An edge "to waits for from", with the time it takes to move its data between processors. */
  public record Edge(int from, int to, double commCost) {}

  private Heft() {}

  /**
   * @param cost {@code cost[i][p]}: the time task i takes on processor p (n rows of equal length)
   * @param edges the precedence edges; the graph must be acyclic
   */
  public static Schedule schedule(double[][] cost, List<Edge> edges) {
    int n = cost.length;
    int p = n == 0 ? 0 : cost[0].length;
    List<List<Edge>> succ = new ArrayList<>();
    List<List<Edge>> pred = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      succ.add(new ArrayList<>());
      pred.add(new ArrayList<>());
    }
    for (Edge e : edges) {
      succ.get(e.from()).add(e);
      pred.get(e.to()).add(e);
    }
    double[] rank = upwardRanks(cost, succ, topological(n, succ, pred));
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) boxed[i] = i;
    // ranks are sums of fractions (mean costs): ties in exact arithmetic may differ in the last
    // bit, so compare them at a micro-unit, and break ties by index as the paper does
    Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> -Math.round(rank[i] * 1e6))
        .thenComparingInt(i -> i));
    int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    int[] proc = new int[n];
    double[] start = new double[n];
    double[] finish = new double[n];
    Arrays.fill(proc, -1);
    List<List<double[]>> busy = new ArrayList<>(); // per processor: [start, finish] sorted
    for (int q = 0; q < p; q++) busy.add(new ArrayList<>());
    double makespan = 0;
    for (int i : order) {
      int bestProc = -1;
      double bestStart = 0;
      double bestFinish = Double.POSITIVE_INFINITY;
      for (int q = 0; q < p; q++) {
        double ready = 0;
        for (Edge e : pred.get(i)) {
          if (proc[e.from()] < 0) {
            throw new IllegalStateException("priority order broke precedence at task " + i);
          }
          ready = Math.max(ready, finish[e.from()] + (proc[e.from()] == q ? 0 : e.commCost()));
        }
        double s = earliestGap(busy.get(q), ready, cost[i][q]);
        double f = s + cost[i][q];
        if (f < bestFinish) {
          bestFinish = f;
          bestStart = s;
          bestProc = q;
        }
      }
      proc[i] = bestProc;
      start[i] = bestStart;
      finish[i] = bestFinish;
      insert(busy.get(bestProc), bestStart, bestFinish);
      makespan = Math.max(makespan, bestFinish);
    }
    return new Schedule(proc, start, finish, order, makespan);
  }

  /** Upward ranks with mean computation costs and the edges' communication costs. */
  static double[] upwardRanks(double[][] cost, List<List<Edge>> succ, int[] topo) {
    double[] rank = new double[cost.length];
    for (int k = topo.length - 1; k >= 0; k--) {
      int i = topo[k];
      double longest = 0;
      for (Edge e : succ.get(i)) longest = Math.max(longest, e.commCost() + rank[e.to()]);
      rank[i] = Arrays.stream(cost[i]).average().orElse(0) + longest;
    }
    return rank;
  }

  private static int[] topological(int n, List<List<Edge>> succ, List<List<Edge>> pred) {
    int[] indegree = new int[n];
    for (int i = 0; i < n; i++) indegree[i] = pred.get(i).size();
    int[] order = new int[n];
    int tail = 0;
    for (int i = 0; i < n; i++) if (indegree[i] == 0) order[tail++] = i;
    for (int head = 0; head < tail; head++) {
      for (Edge e : succ.get(order[head])) if (--indegree[e.to()] == 0) order[tail++] = e.to();
    }
    if (tail < n) throw new IllegalArgumentException("the task graph has a cycle");
    return order;
  }

  /** The earliest start at or after {@code ready} of a gap of {@code length} on one processor. */
  private static double earliestGap(List<double[]> slots, double ready, double length) {
    double candidate = ready;
    for (double[] slot : slots) {
      if (candidate + length <= slot[0]) return candidate;
      candidate = Math.max(candidate, slot[1]);
    }
    return candidate;
  }

  private static void insert(List<double[]> slots, double start, double finish) {
    int at = 0;
    while (at < slots.size() && slots.get(at)[0] < start) at++;
    slots.add(at, new double[] {start, finish});
  }
}
