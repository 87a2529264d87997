package io.taskexec.sim.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.taskexec.sim.SimResult;

/**
 * Runs the experiments and prints their tables: {@code java -cp ... io.taskexec.sim.experiment
 * .Experiments [stg|workflows|heft|gpu|swf|all]}.
 */
public final class Experiments {
  private Experiments() {}

  public static void main(String[] args) throws Exception {
    String which = args.length == 0 ? "all" : args[0];
    Path dir = WorkloadsDir.find().orElseThrow(() -> new IllegalStateException(
        "no workloads found: " + WorkloadsDir.describe()));
    PrintStream out = System.out;
    if (which.equals("stg") || which.equals("all")) printStg(StgExperiment.run(dir), out);
    if (which.equals("workflows") || which.equals("all")) {
      printWorkflows(WorkflowBoundsExperiment.run(dir), out);
    }
    if (which.equals("heft") || which.equals("all")) printHeft(HeftExperiment.run(dir), out);
    if (which.equals("gpu") || which.equals("all")) {
      printGpu(GpuFragmentationExperiment.run(dir, 3), out);
    }
    if (which.equals("swf") || which.equals("all")) printSwf(SwfExperiment.run(dir), out);
  }

  static String f(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String pct(double ratio) {
    return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
  }

  public static void printStg(List<StgExperiment.Row> rows, PrintStream out) {
    out.println("STG graphs on identical processors, against the published optimal schedule lengths");
    List<String[]> t = new ArrayList<>();
    t.add(new String[] {"GRAPH", "P", "PUBLISHED", "PLANNER", "VS BEST", "FIFO", "VS BEST"});
    double sum = 0;
    double worst = 0;
    double fifoSum = 0;
    for (StgExperiment.Row r : rows) {
      t.add(new String[] {r.graph(), Integer.toString(r.processors()), r.published(),
          f(r.criticalPath(), 0), pct(r.ratio()), f(r.fifo(), 0), pct(r.fifoRatio())});
      sum += r.ratio();
      fifoSum += r.fifoRatio();
      worst = Math.max(worst, r.ratio());
    }
    print(t, out);
    out.println("planner: mean " + pct(sum / rows.size()) + ", worst " + pct(worst)
        + " (goal: mean within 5%, never over 10%); FIFO: mean " + pct(fifoSum / rows.size()));
    out.println();
  }

  public static void printWorkflows(List<WorkflowBoundsExperiment.Row> rows, PrintStream out) {
    out.println("Workflows on one-core processors, against max(critical path, work/cores); seconds");
    List<String[]> t = new ArrayList<>();
    t.add(new String[] {"WORKFLOW", "TASKS", "CORES", "BOUND", "TIGHTER", "EXACT", "VS BOUND",
        "PLANNED", "VS BOUND", "VS TIGHTER", "NO EST", "HISTORY", "FIFO", "FIFO VS"});
    for (WorkflowBoundsExperiment.Row r : rows) {
      t.add(new String[] {r.workflow(), Integer.toString(r.tasks()), Integer.toString(r.cores()),
          f(r.bound(), 1), f(r.tighter(), 1), f(r.exact(), 1), pct(r.ratio()), f(r.planned(), 1),
          pct(r.plannedRatio()), pct(r.plannedTighterRatio()), f(r.none(), 1), f(r.history(), 1),
          f(r.fifo(), 1), pct(r.fifo() / r.bound())});
    }
    print(t, out);
    out.println("BOUND is max(CP, work/cores); TIGHTER is the energetic and packing bound (no schedule"
        + " is shorter either); PLANNED is the planner with look-ahead priorities");
    summary(out, "planner, critical-path order", rows, WorkflowBoundsExperiment.Row::ratio,
        WorkflowBoundsExperiment.Row::tighterRatio);
    summary(out, "planner, look-ahead priorities", rows, WorkflowBoundsExperiment.Row::plannedRatio,
        WorkflowBoundsExperiment.Row::plannedTighterRatio);
    long unreachable = rows.stream().filter(r -> r.tighter() > 1.10 * r.bound() + 1e-9).count();
    out.println(unreachable + " of " + rows.size() + " instances cannot come within 10% of"
        + " max(CP, work/cores) at all: their tighter bound is already more than 10% above it");
    out.println();
  }

  private static void summary(PrintStream out, String who, List<WorkflowBoundsExperiment.Row> rows,
      java.util.function.ToDoubleFunction<WorkflowBoundsExperiment.Row> ratio,
      java.util.function.ToDoubleFunction<WorkflowBoundsExperiment.Row> tighter) {
    double worst = rows.stream().mapToDouble(ratio).max().orElse(Double.NaN);
    long over = rows.stream().filter(r -> ratio.applyAsDouble(r) > 1.10).count();
    double worstTighter = rows.stream().mapToDouble(tighter).max().orElse(Double.NaN);
    long overTighter = rows.stream().filter(r -> tighter.applyAsDouble(r) > 1.10).count();
    out.println(who + ": worst " + pct(worst) + ", " + over + " of " + rows.size()
        + " over +10% of max(CP, work/cores) (goal: none); against the tighter bound worst "
        + pct(worstTighter) + ", " + overTighter + " over +10%");
  }

  public static void printHeft(HeftExperiment.Result r, PrintStream out) {
    out.println("HEFT paper sample DAG (Topcuoglu et al. 2002) on 3 heterogeneous processors");
    List<String[]> t = new ArrayList<>();
    t.add(new String[] {"TASK", "PROCESSOR", "START", "FINISH"});
    for (int i : r.heft().order()) {
      t.add(new String[] {"n" + (i + 1), "P" + (r.heft().processor()[i] + 1),
          f(r.heft().start()[i], 0), f(r.heft().finish()[i], 0)});
    }
    print(t, out);
    out.println("HEFT makespan " + f(r.heft().makespan(), 0) + " (published " + f(HeftExperiment.PUBLISHED, 0)
        + "); FIFO list scheduler " + f(r.fifo(), 0));
    out.println();
  }

  public static void printGpu(GpuFragmentationExperiment.Result r, PrintStream out) {
    out.println("Alibaba GPU trace: " + r.nodes() + " nodes, " + f(r.gpus(), 0) + " GPUs, " + r.pods()
        + " pod shapes drawn; unallocated GPUs as the cluster fills (mean of " + r.repetitions()
        + " runs)");
    List<String[]> t = new ArrayList<>();
    t.add(new String[] {"ARRIVED", "BEST FIT (PAPER)", "BEST FIT (SHARE LEFT)", "FGD",
        "FEWER VS PAPER BF", "FEWER VS SHARE-LEFT BF"});
    for (int k = 0; k < r.checkpoints().length; k++) {
      t.add(new String[] {f(r.checkpoints()[k] * 100, 0) + "%", f(r.bestFit()[k], 1),
          f(r.relativeFit()[k], 1), f(r.fgd()[k], 1), f(r.reduction(k) * 100, 1) + "%",
          f(r.relativeReduction(k) * 100, 1) + "%"});
    }
    print(t, out);
    out.println("largest reduction " + f(r.maxReduction() * 100, 1) + "% against the paper's best fit, "
        + f(r.maxRelativeReduction() * 100, 1)
        + "% against share-left best fit (published: up to 49% fewer unallocated GPUs)");
    out.println();
  }

  public static void printSwf(SwfExperiment.Result r, PrintStream out) {
    out.println("NASA iPSC/860 log: " + r.workload().tasks().size() + " jobs on "
        + r.workload().processors() + " processors (" + r.skipped() + " records unusable)");
    List<String[]> t = new ArrayList<>();
    t.add(new String[] {"POLICY", "UTILISATION", "MEAN WAIT", "P99 WAIT", "MAX WAIT", "MAKESPAN",
        "SCHED CPU"});
    for (SimResult s : List.of(r.fcfs(), r.easy(), r.fcfsLoaded(), r.easyLoaded())) {
      String load = s == r.fcfs() || s == r.easy() ? "" : " (load x" + SwfExperiment.LOAD_FACTOR + ")";
      t.add(new String[] {(s == r.fcfs() || s == r.fcfsLoaded() ? "FCFS" : "EASY backfill") + load,
          f(s.utilisation().getOrDefault("cpu", 0.0) * 100, 1) + "%", f(s.meanWait(), 1) + " s",
          f(s.p99Wait(), 0) + " s", f(s.maxWait(), 0) + " s", f(s.makespan() / 86400, 2) + " d",
          f(s.schedulerCpuSeconds(), 2) + " s"});
    }
    print(t, out);
    out.println("original system: " + f(SwfExperiment.ORIGINAL_UTILISATION * 100, 1) + "% utilisation");
    out.println();
  }

  static void print(List<String[]> rows, PrintStream out) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        sb.append(r[i]);
        if (i < cols - 1) sb.append(" ".repeat(w[i] - r[i].length() + 2));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
