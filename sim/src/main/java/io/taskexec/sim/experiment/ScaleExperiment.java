package io.taskexec.sim.experiment;

import io.taskexec.sim.AgentsSpec;
import io.taskexec.sim.SimResult;
import io.taskexec.sim.SimTask;
import io.taskexec.sim.Simulator;
import io.taskexec.sim.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of HashiCorp Nomad's "C2M" challenge: 2,000,000 independent tasks placed by one
 * scheduler onto 6,100 agents. Agents offer 64 cores and 256 GB each; tasks ask for one of four
 * small shapes (0.1 to 0.5 cores, 0.25 to 1 GB) and run for one hour, so that all of them fit at
 * once and the measurement is placement, not waiting. Measured: the scheduler thread's cpu time
 * (planner add, ready queue, placement, bookkeeping), placements per second of it, and the peak
 * heap of the run.
 */
public final class ScaleExperiment {
  /**
   * What one run measured.
   *
   * @param peakHeapBytes the heap pools' peak use during the run, garbage included (an upper bound
   *     that depends on the heap size given); {@link SimResult#liveHeapBytes} is the heap in use
   *     after a full collection with every task placed
   */
  public record Result(int tasks, int agents, SimResult sim, long peakHeapBytes, double buildSeconds) {}

  private ScaleExperiment() {}

  /** The workload: {@code n} tasks of four shapes, deterministic for a given n. */
  public static Workload workload(int n) {
    double[][] shapes = {{0.1, 0.25}, {0.25, 0.5}, {0.5, 1.0}, {0.2, 0.5}};
    SplittableRandom random = new SplittableRandom(42);
    int[] none = new int[0];
    List<SimTask> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] s = shapes[random.nextInt(shapes.length)];
      tasks.add(new SimTask("t" + i, "service", s[0], s[1], 0, 3600, 0, none, null, 0, Double.NaN,
          Double.NaN));
    }
    return new Workload("c2m-" + n, "generated", tasks, Double.NaN, 0);
  }

  public static Result run(int tasks, int agents) {
    long b0 = System.nanoTime();
    Workload w = workload(tasks);
    var specs = AgentsSpec.parse(agents + "x{cpu:64,mem:256}");
    double build = (System.nanoTime() - b0) / 1e9;
    System.gc();
    resetPeaks();
    SimResult r = Simulator.run(w, specs, Simulator.Options.defaults()
        .withEstimates(Simulator.Estimates.NONE, null).withMeasureHeap(true));
    return new Result(tasks, agents, r, peakHeap(), build);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }
  }

  /** The sum over heap pools of their peak usage since the reset (an upper bound of the peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }

  public static void main(String[] args) {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 6_100;
    Result r = run(tasks, agents);
    SimResult s = r.sim();
    System.out.printf(java.util.Locale.ROOT,
        "%,d tasks on %,d agents: %,d placed, scheduler cpu %.2f s (wall %.2f s), %,.0f placements/s,"
            + " live heap with all placed %.2f GB, peak heap pools %.2f GB (workload built in %.1f s)%n",
        r.tasks(), r.agents(), s.placements(), s.schedulerCpuSeconds(), s.wallSeconds(),
        s.placementsPerCpuSecond(), s.liveHeapBytes() / 1e9, r.peakHeapBytes() / 1e9, r.buildSeconds());
  }
}
