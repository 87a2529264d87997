package io.taskexec.plan;

import java.util.Arrays;

/**
 * Lower bounds on the makespan of a task graph on identical processors (each task needs one
 * processor for its whole duration, no preemption, no communication cost): what no schedule can
 * beat, to judge a real schedule against.
 *
 * <ul>
 *   <li>{@link #simple}: max(critical path, work / processors), the textbook bound.
 *   <li>{@link #energetic}: energetic reasoning (Lopez, Erschler and Esquirol; Baptiste, Le Pape
 *       and Nuijten): for a trial makespan T every task has a window, from its head (the longest
 *       path before it) to T minus its tail (the longest path after it). Over any interval
 *       [a, b], a task must run at least the part of it that falls inside [a, b] however it is
 *       shifted within its window; when those parts add up to more than processors &times;
 *       (b - a), no schedule of length T exists. The bound is the largest T so refuted. It sees
 *       what the simple bound cannot: forty equal tasks between a split and a join on 32
 *       processors need two rounds, and a long task that everything waits for leaves the other
 *       processors idle.
 *   <li>{@link #packing}: head, body and tail. The tasks whose heads are at least a and whose
 *       tails are at least q all run inside [a, makespan - q], so that stretch is at least their
 *       own shortest schedule on the processors with no precedence between them, bounded below
 *       by their work over the processors, the longest of them, and the pigeonhole bound: of the
 *       k m + 1 longest, some processor runs k + 1, at least the k + 1 shortest of those. Five
 *       long tasks on 2 processors cannot be split evenly; energetic reasoning, which lets work
 *       flow like a liquid, does not see that.
 *   <li>{@link #tight}: the larger of the two.
 * </ul>
 *
 * <p>Every bound here is at least the simple bound and never more than an optimal schedule's
 * length. Pure functions; durations in any unit.
 */
public final class MakespanBound {
  private MakespanBound() {}

  /** max(critical path, work / processors). */
  public static double simple(double[] duration, int[][] parents, int processors) {
    Paths p = Paths.of(duration, parents);
    return Math.max(p.criticalPath, p.work / checked(processors));
  }

  /** The energetic-reasoning bound; at least {@link #simple}. */
  public static double energetic(double[] duration, int[][] parents, int processors) {
    int m = checked(processors);
    Paths p = Paths.of(duration, parents);
    double lo = Math.max(p.criticalPath, p.work / m);
    if (duration.length == 0 || !refuted(p, m, lo)) return lo;
    // a serial schedule of length `work` exists, so the test cannot refute it
    double hi = Math.max(p.work, lo);
    for (int i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
      double mid = (lo + hi) / 2;
      if (refuted(p, m, mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The head-body-tail packing bound; at least {@link #simple}. */
  public static double packing(double[] duration, int[][] parents, int processors) {
    int m = checked(processors);
    Paths p = Paths.of(duration, parents);
    double best = Math.max(p.criticalPath, p.work / m);
    int n = duration.length;
    Integer[] byTail = new Integer[n];
    for (int j = 0; j < n; j++) byTail[j] = j;
    Arrays.sort(byTail, (x, y) -> Double.compare(p.tail[y], p.tail[x]));
    double[] heads = p.head.clone();
    Arrays.sort(heads);
    int cap = PIGEONHOLE_ROUNDS * m + 1;
    double[] top = new double[cap]; // the longest durations so far, longest first
    double last = Double.NaN;
    for (double a : heads) {
      if (a == last) continue;
      last = a;
      int size = 0;
      int count = 0;
      double sum = 0;
      // tasks join in order of falling tail: the set of those with head >= a and tail >= q
      for (int x = 0; x < n; x++) {
        int j = byTail[x];
        if (p.head[j] < a) continue;
        count++;
        sum += duration[j];
        size = insert(top, size, duration[j]);
        if (count <= m) continue; // one processor each: the critical path covers it
        double body = Math.max(sum / m, pigeonhole(top, size, m));
        best = Math.max(best, a + body + p.tail[j]);
      }
    }
    return best;
  }

  /** The larger of {@link #energetic} and {@link #packing}. */
  public static double tight(double[] duration, int[][] parents, int processors) {
    return Math.max(energetic(duration, parents, processors), packing(duration, parents, processors));
  }

  /** How many rounds of the pigeonhole bound {@link #packing} tries (k = 1 .. this). */
  private static final int PIGEONHOLE_ROUNDS = 4;

  /** Inserts v into the descending array of at most top.length; returns the new size. */
  private static int insert(double[] top, int size, double v) {
    if (size == top.length) {
      if (v <= top[size - 1]) return size;
      size--;
    }
    int i = size;
    while (i > 0 && top[i - 1] < v) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = v;
    return size + 1;
  }

  /** max over k of the k + 1 shortest among the k m + 1 longest, which share a processor. */
  private static double pigeonhole(double[] top, int size, int m) {
    double best = 0;
    for (int k = 1; k * m + 1 <= size; k++) {
      double s = 0;
      for (int i = k * m - k; i <= k * m; i++) s += top[i];
      best = Math.max(best, s);
    }
    return best;
  }

  private static int checked(int processors) {
    if (processors < 1) throw new IllegalArgumentException("processors must be >= 1: " + processors);
    return processors;
  }

  /** True when energetic reasoning proves that no schedule of length {@code t} exists. */
  static boolean refuted(Paths p, int m, double t) {
    int n = p.duration.length;
    double tol = 1e-9 * Math.max(1, t);
    double[] latestEnd = new double[n];
    for (int j = 0; j < n; j++) {
      latestEnd[j] = t - p.tail[j];
      if (latestEnd[j] - p.head[j] < p.duration[j] - tol) return true; // window too short
    }
    double[] from = new double[3 * n];
    for (int j = 0; j < n; j++) {
      from[3 * j] = p.head[j];
      from[3 * j + 1] = p.head[j] + p.duration[j];
      from[3 * j + 2] = latestEnd[j] - p.duration[j];
    }
    Arrays.sort(from);
    double[] rampStart = new double[n];
    double[] rampEnd = new double[n];
    double last = Double.NaN;
    for (double a : from) {
      if (a == last) continue;
      last = a;
      // for each task, the work it must do in [a, b] grows with b from 0 at rampStart with slope 1
      // up to its cap (the part of it that must fall after a), reached at rampEnd
      int k = 0;
      for (int j = 0; j < n; j++) {
        double cap = Math.min(p.duration[j], p.head[j] + p.duration[j] - a);
        if (cap <= 0) continue;
        double s = Math.max(a, latestEnd[j] - p.duration[j]);
        rampStart[k] = s;
        rampEnd[k] = s + cap;
        k++;
      }
      if (k <= m) continue; // m processors hold any k <= m tasks at once
      if (overloaded(rampStart, rampEnd, k, a, m, tol)) return true;
    }
    return false;
  }

  /**
   * Whether the summed ramps exceed m (b - a) at some b. The sum is piecewise linear with its
   * breakpoints at the ramps' ends, so checking those points is exact.
   */
  private static boolean overloaded(double[] start, double[] end, int k, double a, int m,
      double tol) {
    Arrays.sort(start, 0, k);
    Arrays.sort(end, 0, k);
    int i = 0;
    int e = 0;
    double startSum = 0;
    double endSum = 0;
    while (i < k || e < k) {
      double b = e >= k || (i < k && start[i] <= end[e]) ? start[i] : end[e];
      while (i < k && start[i] <= b) startSum += start[i++];
      while (e < k && end[e] <= b) endSum += end[e++];
      if (b <= a) continue;
      double energy = (i * b - startSum) - (e * b - endSum);
      if (energy > m * (b - a) + tol) return true;
    }
    return false;
  }

  /** Heads, tails, critical path and work of a graph. */
  static final class Paths {
    final double[] duration;
    final double[] head;
    final double[] tail;
    final double criticalPath;
    final double work;

    private Paths(double[] duration, double[] head, double[] tail, double criticalPath, double work) {
      this.duration = duration;
      this.head = head;
      this.tail = tail;
      this.criticalPath = criticalPath;
      this.work = work;
    }

    static Paths of(double[] duration, int[][] parents) {
      int n = duration.length;
      if (parents.length != n) {
        throw new IllegalArgumentException("parents has " + parents.length + " rows for " + n + " tasks");
      }
      int[] order = topological(parents);
      double[] head = new double[n];
      double[] tail = new double[n];
      double work = 0;
      for (int j = 0; j < n; j++) {
        if (!(duration[j] >= 0) || Double.isInfinite(duration[j])) {
          throw new IllegalArgumentException("task " + j + " has duration " + duration[j]);
        }
        work += duration[j];
      }
      for (int j : order) {
        for (int q : parents[j]) head[j] = Math.max(head[j], head[q] + duration[q]);
      }
      double cp = 0;
      for (int x = n - 1; x >= 0; x--) {
        int j = order[x];
        cp = Math.max(cp, head[j] + duration[j] + tail[j]);
        for (int q : parents[j]) tail[q] = Math.max(tail[q], duration[j] + tail[j]);
      }
      return new Paths(duration, head, tail, cp, work);
    }

    private static int[] topological(int[][] parents) {
      int n = parents.length;
      int[] pending = new int[n];
      int[][] children = new int[n][];
      int[] count = new int[n];
      for (int j = 0; j < n; j++) {
        for (int q : parents[j]) {
          if (q < 0 || q >= n) throw new IllegalArgumentException("task " + j + " has no parent " + q);
          count[q]++;
        }
        pending[j] = parents[j].length;
      }
      for (int j = 0; j < n; j++) children[j] = new int[count[j]];
      Arrays.fill(count, 0);
      for (int j = 0; j < n; j++) {
        for (int q : parents[j]) children[q][count[q]++] = j;
      }
      int[] order = new int[n];
      int size = 0;
      for (int j = 0; j < n; j++) if (pending[j] == 0) order[size++] = j;
      for (int x = 0; x < size; x++) {
        for (int c : children[order[x]]) {
          if (--pending[c] == 0) order[size++] = c;
        }
      }
      if (size != n) throw new IllegalArgumentException("the task graph has a cycle");
      return order;
    }
  }
}
