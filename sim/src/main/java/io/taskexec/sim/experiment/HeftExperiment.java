package io.taskexec.sim.experiment;

import io.taskexec.plan.Heft;
import io.taskexec.sim.SimTask;
import io.taskexec.sim.Workload;
import io.taskexec.sim.importer.DaxImporter;
import io.taskexec.sim.importer.ImportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sample DAG of the HEFT paper (Topcuoglu, Hariri and Wu, IEEE TPDS 13(3), 2002, Fig. 2) on
 * its three heterogeneous processors. The DAX file carries the graph, the cost on processor 1
 * ({@code runtime}) and the communication costs (file size / 125); the costs on processors 2 and 3
 * are the paper's computation-cost table, given here. HEFT's published schedule length is 80.
 *
 * <p>Side by side: HEFT ({@link Heft}) and a FIFO list scheduler on the same processors (tasks in
 * the order they become ready, each on the processor that is free first, communication costs
 * paid the same way).
 */
public final class HeftExperiment {
  /** The paper's published HEFT schedule length for this graph. */
  public static final double PUBLISHED = 80;

  /** Computation cost of task i (1-based in the paper) on processors P1, P2, P3 (paper, Fig. 2). */
  static final double[][] PAPER_COSTS = {
    {14, 16, 9}, {13, 19, 18}, {11, 13, 19}, {13, 8, 17}, {12, 13, 10},
    {13, 16, 9}, {7, 15, 11}, {5, 11, 14}, {18, 12, 20}, {21, 7, 16},
  };

  /** Bytes of a DAX file per unit of the paper's communication cost (workloads README). */
  static final double BYTES_PER_COST_UNIT = 125;

  /** HEFT's schedule and the FIFO baseline's makespan. */
  public record Result(Heft.Schedule heft, double fifo, double[][] cost, List<Heft.Edge> edges) {}

  private HeftExperiment() {}

  public static Result run(Path workloads) throws ImportException {
    Workload w = DaxImporter.read(workloads.resolve("pegasus-dax/HEFT_paper.xml"));
    double[][] cost = costs(w);
    List<Heft.Edge> edges = edges(w);
    return new Result(Heft.schedule(cost, edges), fifo(cost, edges), cost, edges);
  }

  /** The cost matrix: P1 from the file (checked against the paper), P2 and P3 from the paper. */
  static double[][] costs(Workload w) {
    if (w.tasks().size() != PAPER_COSTS.length) {
      throw new IllegalStateException("the HEFT sample DAG has 10 tasks, the file " + w.tasks().size());
    }
    double[][] cost = new double[PAPER_COSTS.length][];
    for (int i = 0; i < cost.length; i++) {
      double fromFile = w.tasks().get(i).runtime();
      if (fromFile != PAPER_COSTS[i][0]) {
        throw new IllegalStateException("task " + (i + 1) + " costs " + fromFile
            + " on P1 in the file, " + PAPER_COSTS[i][0] + " in the paper");
      }
      cost[i] = PAPER_COSTS[i].clone();
    }
    return cost;
  }

  static List<Heft.Edge> edges(Workload w) {
    List<Heft.Edge> edges = new ArrayList<>();
    for (int i = 0; i < w.tasks().size(); i++) {
      SimTask t = w.tasks().get(i);
      for (int k = 0; k < t.parents().length; k++) {
        edges.add(new Heft.Edge(t.parents()[k], i, t.parentData()[k] / BYTES_PER_COST_UNIT));
      }
    }
    return edges;
  }

  /**
   * A FIFO list scheduler on heterogeneous processors: when a processor is free, the task that
   * became ready first (ties by index) starts on it, after its inputs arrive.
   */
  static double fifo(double[][] cost, List<Heft.Edge> edges) {
    int n = cost.length;
    int p = cost[0].length;
    int[] unmet = new int[n];
    for (Heft.Edge e : edges) unmet[e.to()]++;
    double[] readyAt = new double[n];
    double[] finish = new double[n];
    int[] proc = new int[n];
    double[] free = new double[p];
    boolean[] done = new boolean[n];
    List<Integer> ready = new ArrayList<>();
    for (int i = 0; i < n; i++) if (unmet[i] == 0) ready.add(i);
    double makespan = 0;
    for (int scheduled = 0; scheduled < n; scheduled++) {
      // the first-ready task goes to the processor that frees first
      ready.sort((a, b) -> readyAt[a] != readyAt[b] ? Double.compare(readyAt[a], readyAt[b]) : a - b);
      int i = ready.remove(0);
      int q = 0;
      for (int k = 1; k < p; k++) if (free[k] < free[q]) q = k;
      double start = free[q];
      for (Heft.Edge e : edges) {
        if (e.to() == i) start = Math.max(start, finish[e.from()] + (proc[e.from()] == q ? 0 : e.commCost()));
      }
      finish[i] = start + cost[i][q];
      proc[i] = q;
      free[q] = finish[i];
      done[i] = true;
      makespan = Math.max(makespan, finish[i]);
      for (Heft.Edge e : edges) {
        if (e.from() == i) {
          readyAt[e.to()] = Math.max(readyAt[e.to()], finish[i]);
          if (--unmet[e.to()] == 0) ready.add(e.to());
        }
      }
    }
    if (!Arrays.equals(done, filled(n))) throw new IllegalStateException("not every task ran");
    return makespan;
  }

  private static boolean[] filled(int n) {
    boolean[] b = new boolean[n];
    Arrays.fill(b, true);
    return b;
  }
}
