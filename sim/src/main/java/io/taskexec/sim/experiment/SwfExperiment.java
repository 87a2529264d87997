package io.taskexec.sim.experiment;

import io.taskexec.sim.AgentsSpec;
import io.taskexec.sim.SimResult;
import io.taskexec.sim.Simulator;
import io.taskexec.sim.Workload;
import io.taskexec.sim.importer.ImportException;
import io.taskexec.sim.importer.SwfImporter;
import java.nio.file.Path;

/**
 * The NASA Ames iPSC/860 log (Parallel Workloads Archive, cleaned) on its 128 processors: strict
 * first-come-first-served against EASY backfilling, and the utilisation of the original system
 * (46.6%, as the archive lists for this log). Jobs arrive at their submit times and ask for their
 * processors from one pool of 128. The log has no requested times, so EASY's reservations use the
 * actual run times (perfect estimates, the best case for backfilling).
 */
public final class SwfExperiment {
  /** Utilisation of the original system for this log, as the archive reports it. */
  public static final double ORIGINAL_UTILISATION = 0.466;

  /**
   * The two runs on the log as recorded, the same two with arrivals compressed to {@link
   * #LOAD_FACTOR} times the offered load, and how many records of the log could not be simulated.
   */
  public record Result(Workload workload, int skipped, SimResult fcfs, SimResult easy,
      SimResult fcfsLoaded, SimResult easyLoaded) {}

  /**
   * The log's submit times are its start times (it records no waits), so at its own load hardly
   * any job waits; the usual way to compare queue policies on such a log is to raise the load by
   * compressing the arrival times, here by this factor.
   */
  public static final double LOAD_FACTOR = 1.6;

  private SwfExperiment() {}

  public static Result run(Path workloads) throws ImportException {
    SwfImporter.Result read = SwfImporter.readWithSkipped(
        workloads.resolve("pwa-swf/NASA-iPSC-1993-3.1-cln.swf"));
    Workload w = read.workload();
    int procs = w.processors() > 0 ? w.processors() : 128;
    var agents = AgentsSpec.parse("1x{cpu:" + procs + ",mem:1}");
    // no estimates for the planner: every job ranks the same, so the order is submission order
    Simulator.Options fcfs = Simulator.Options.defaults()
        .withEstimates(Simulator.Estimates.NONE, null).withWindow(0);
    Simulator.Options easy = fcfs.withWindow(Integer.MAX_VALUE).withEasyBackfill(true);
    Workload loaded = new Workload(w.name() + " x" + LOAD_FACTOR, w.format(),
        w.tasks().stream().map(t -> t.withSubmit(t.submit() / LOAD_FACTOR)).toList(),
        w.observedMakespan(), w.processors());
    return new Result(w, read.skipped(), Simulator.run(w, agents, fcfs), Simulator.run(w, agents, easy),
        Simulator.run(loaded, agents, fcfs), Simulator.run(loaded, agents, easy));
  }
}
