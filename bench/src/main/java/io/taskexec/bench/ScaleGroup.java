package io.taskexec.bench;

import io.taskexec.sim.SimResult;
import io.taskexec.sim.experiment.ScaleExperiment;
import java.util.function.Consumer;

/**
 * Group x: the shape of Nomad's C2M challenge, 2,000,000 tasks placed by one scheduler on 6,100
 * simulated agents, through the real planner and placement on a virtual clock (module {@code
 * sim}). Goals: every task placed within 60 s of scheduler cpu time, heap under 4 GB. Quick mode
 * places 200,000 tasks on 610 agents.
 */
final class ScaleGroup {
  private ScaleGroup() {}

  static void run(Settings s, Report report, Consumer<String> log) {
    boolean full = s.name().equals("full") || Boolean.getBoolean("bench.scale.full");
    int tasks = full ? 2_000_000 : 200_000;
    int agents = full ? 6_100 : 610;
    log.accept(String.format("[x] simulated placement: %,d tasks on %,d agents (Nomad C2M shape)", tasks, agents));
    ScaleExperiment.Result r = ScaleExperiment.run(tasks, agents);
    SimResult sim = r.sim();
    String what = String.format("x. %,d tasks on %,d simulated agents", tasks, agents);
    report.add(Figure.of("x.placements_per_cpu_s", what + ": placements per scheduler cpu second",
        sim.placementsPerCpuSecond(), "placements/s", null, Double.NaN,
        Goal.valueAtLeast(2_000_000 / 60.0, "placements/s")));
    report.add(Figure.of("x.scheduler_cpu_s", what + ": scheduler cpu time, all placed and ended",
        sim.schedulerCpuSeconds(), "s", null, Double.NaN, full ? Goal.valueAtMost(60, "s") : null));
    report.add(Figure.of("x.live_heap_mb", what + ": heap in use with every task placed",
        sim.liveHeapBytes() / 1e6, "MB", null, Double.NaN, full ? Goal.valueAtMost(4000, "MB") : null));
    log.accept(String.format("[x] %,d placed in %.2f s of scheduler cpu (wall %.2f s), live heap %,d MB,"
        + " heap pools' peak %,d MB", sim.placements(), sim.schedulerCpuSeconds(), sim.wallSeconds(),
        sim.liveHeapBytes() / 1_000_000, r.peakHeapBytes() / 1_000_000));
  }
}
