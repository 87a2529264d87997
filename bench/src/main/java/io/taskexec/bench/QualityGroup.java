package io.taskexec.bench;

import io.taskexec.sim.SimResult;
import io.taskexec.sim.experiment.Experiments;
import io.taskexec.sim.experiment.GpuFragmentationExperiment;
import io.taskexec.sim.experiment.HeftExperiment;
import io.taskexec.sim.experiment.StgExperiment;
import io.taskexec.sim.experiment.SwfExperiment;
import io.taskexec.sim.experiment.WorkflowBoundsExperiment;
import io.taskexec.sim.experiment.WorkloadsDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Group q: scheduling quality on the public workloads ({@code ../shared/workloads}), through the
 * simulator: each experiment's table, then its figures against the goals of the issue (known
 * optima, lower bounds, published results), beside a FIFO (or best-fit, or FCFS) baseline from the
 * same run. Skipped, with a message, when the workloads folder is absent.
 */
final class QualityGroup {
  private QualityGroup() {}

  static void run(Settings s, Report report, Consumer<String> log) throws Exception {
    Optional<Path> found = WorkloadsDir.find();
    if (found.isEmpty()) {
      log.accept("[q] skipped: no workloads found at " + WorkloadsDir.describe());
      return;
    }
    Path dir = found.get();
    log.accept("[q] scheduling quality on the workloads in " + dir);

    List<StgExperiment.Row> stg = StgExperiment.run(dir);
    Experiments.printStg(stg, System.out);
    double mean = stg.stream().mapToDouble(StgExperiment.Row::ratio).average().orElse(Double.NaN);
    double worst = stg.stream().mapToDouble(StgExperiment.Row::ratio).max().orElse(Double.NaN);
    double fifoMean = stg.stream().mapToDouble(StgExperiment.Row::fifoRatio).average().orElse(Double.NaN);
    report.add(Figure.beside("q.stg_mean_over_optimum_pct", "q. STG, 9 graphs x 4 processor counts: mean over optimum",
        (mean - 1) * 100, "%", "FIFO list scheduler", (fifoMean - 1) * 100));
    report.add(Figure.of("q.stg_mean_goal_pct", "q. STG: mean over optimum (goal)", (mean - 1) * 100, "%", null,
        Double.NaN, Goal.valueAtMost(5, "%")));
    report.add(Figure.of("q.stg_worst_over_optimum_pct", "q. STG: worst over optimum", (worst - 1) * 100, "%", null,
        Double.NaN, Goal.valueAtMost(10, "%")));

    List<WorkflowBoundsExperiment.Row> wf = WorkflowBoundsExperiment.run(dir);
    Experiments.printWorkflows(wf, System.out);
    double wfWorst = wf.stream().mapToDouble(WorkflowBoundsExperiment.Row::plannedRatio).max().orElse(Double.NaN);
    double cpWorst = wf.stream().mapToDouble(WorkflowBoundsExperiment.Row::ratio).max().orElse(Double.NaN);
    double fifoWorst = wf.stream().mapToDouble(r -> r.fifo() / r.bound()).max().orElse(Double.NaN);
    long over = wf.stream().filter(r -> r.plannedRatio() > 1.10).count();
    long cpOver = wf.stream().filter(r -> r.ratio() > 1.10).count();
    long unreachable = wf.stream().filter(r -> r.tighter() > 1.10 * r.bound() + 1e-9).count();
    double tighterWorst = wf.stream().mapToDouble(WorkflowBoundsExperiment.Row::plannedTighterRatio).max()
        .orElse(Double.NaN);
    double none = wf.stream().mapToDouble(WorkflowBoundsExperiment.Row::none).sum();
    double history = wf.stream().mapToDouble(WorkflowBoundsExperiment.Row::history).sum();
    report.add(Figure.of("q.workflows_worst_over_bound_pct", "q. 16 workflows x 4 core counts, look-ahead priorities: worst over max(CP, work/cores)",
        (wfWorst - 1) * 100, "%", null, Double.NaN, Goal.valueAtMost(10, "%")));
    report.add(Figure.beside("q.workflows_cp_worst_over_bound_pct", "q. workflows, critical-path order: worst over max(CP, work/cores)",
        (cpWorst - 1) * 100, "%", null, Double.NaN));
    report.add(Figure.beside("q.workflows_over_10pct", "q. workflows, look-ahead priorities: instances more than 10% over max(CP, work/cores)",
        over, "instances", "critical-path order", cpOver));
    report.add(Figure.beside("q.workflows_unreachable", "q. workflows: instances no schedule can bring within 10% of max(CP, work/cores) (tighter bound)",
        unreachable, "instances", null, Double.NaN));
    report.add(Figure.beside("q.workflows_worst_over_tighter_pct", "q. workflows, look-ahead priorities: worst over the tighter bound (energetic, packing)",
        (tighterWorst - 1) * 100, "%", null, Double.NaN));
    report.add(Figure.beside("q.workflows_fifo_worst_pct", "q. workflows: FIFO's worst over max(CP, work/cores)", (fifoWorst - 1) * 100,
        "%", null, Double.NaN));
    report.add(Figure.beside("q.history_total_makespan_s", "q. workflows: total makespan, estimates from history",
        history, "s", "no estimates", none));

    HeftExperiment.Result heft = HeftExperiment.run(dir);
    Experiments.printHeft(heft, System.out);
    report.add(Figure.of("q.heft_makespan", "q. HEFT paper DAG, 3 heterogeneous processors: makespan",
        heft.heft().makespan(), "units", "FIFO list scheduler", heft.fifo(), Goal.valueAtMost(HeftExperiment.PUBLISHED, "units")));

    GpuFragmentationExperiment.Result gpu = GpuFragmentationExperiment.run(dir, s.name().equals("full") ? 5 : 2);
    Experiments.printGpu(gpu, System.out);
    int full = 4;
    report.add(Figure.of("q.fgd_unallocated_gpus", "q. Alibaba GPU trace at 100% arrived: unallocated GPUs, FGD",
        gpu.fgd()[full], "GPUs", "the paper's best fit", gpu.bestFit()[full], null));
    report.add(Figure.of("q.fgd_fewer_unallocated_pct", "q. Alibaba GPU trace: fewer unallocated GPUs than the paper's best fit (largest)",
        gpu.maxReduction() * 100, "%", null, Double.NaN, Goal.valueAtLeast(49, "%")));
    report.add(Figure.beside("q.fgd_fewer_than_share_left_pct", "q. Alibaba GPU trace: fewer unallocated GPUs than share-left best fit (largest)",
        gpu.maxRelativeReduction() * 100, "%", null, Double.NaN));

    SwfExperiment.Result swf = SwfExperiment.run(dir);
    Experiments.printSwf(swf, System.out);
    SimResult easy = swf.easyLoaded();
    SimResult fcfs = swf.fcfsLoaded();
    report.add(Figure.beside("q.swf_utilisation_pct", "q. NASA iPSC log, 128 processors: utilisation (as logged)",
        swf.easy().utilisation().getOrDefault("cpu", 0.0) * 100, "%", "original system", SwfExperiment.ORIGINAL_UTILISATION * 100));
    report.add(Figure.beside("q.swf_mean_wait_s", "q. NASA iPSC log: mean wait with EASY backfilling (as logged)",
        swf.easy().meanWait(), "s", "FCFS", swf.fcfs().meanWait()));
    report.add(Figure.beside("q.swf_loaded_mean_wait_s", "q. NASA iPSC log, load x" + SwfExperiment.LOAD_FACTOR
        + ": mean wait with EASY backfilling", easy.meanWait(), "s", "FCFS", fcfs.meanWait()));
  }
}
