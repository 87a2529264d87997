package io.taskexec.sim.experiment;

import io.taskexec.plan.DurationHistory;
import io.taskexec.plan.MakespanBound;
import io.taskexec.sim.AgentsSpec;
import io.taskexec.sim.SimResult;
import io.taskexec.sim.Simulator;
import io.taskexec.sim.Workload;
import io.taskexec.sim.importer.DaxImporter;
import io.taskexec.sim.importer.ImportException;
import io.taskexec.sim.importer.WfCommonsImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The WfCommons (schema 1.5) and Pegasus DAX workflows on 2, 8, 32 and 128 one-core processors,
 * against the lower bound max(critical path, work / cores) that no schedule can beat, and beside
 * it the tighter bound of {@link MakespanBound#tight} (energetic reasoning, head-body-tail
 * packing), which shows where the simple bound itself is out of reach (the goal stays stated
 * against the simple one). Five schedules side by side: the planner with exact estimates, the
 * same with look-ahead priorities ({@link Simulator.Order#PLANNED}), the planner with no
 * estimates (every task counts the same), the planner with estimates from the history of an
 * earlier run of the same workflow (per task type), and a FIFO list scheduler.
 */
public final class WorkflowBoundsExperiment {
  public static final int[] CORES = {2, 8, 32, 128};

  /**
   * One workflow on one core count; makespans in seconds.
   *
   * @param bound max(critical path, work / cores)
   * @param tighter {@link MakespanBound#tight}, at least {@code bound}: no schedule is shorter either
   */
  public record Row(String workflow, int tasks, int cores, double bound, double tighter,
      double exact, double planned, double none, double history, double fifo) {
    public double ratio() {
      return exact / bound;
    }

    /** The planner with look-ahead priorities ({@link Simulator.Order#PLANNED}) over the bound. */
    public double plannedRatio() {
      return planned / bound;
    }

    /** The planner's makespan over the tighter bound. */
    public double tighterRatio() {
      return exact / tighter;
    }

    public double plannedTighterRatio() {
      return planned / tighter;
    }
  }

  private WorkflowBoundsExperiment() {}

  /** The workflows of the folder: WfCommons 1.5 instances, then the DAX files (not the HEFT one). */
  public static List<Workload> workflows(Path workloads) throws ImportException, IOException {
    List<Workload> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(workloads.resolve("wfcommons"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        Workload w = WfCommonsImporter.read(p);
        all.add(new Workload(p.getFileName().toString().replace(".json", ""), w.format(), w.tasks(),
            w.observedMakespan(), 0));
      }
    }
    try (Stream<Path> s = Files.list(workloads.resolve("pegasus-dax"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".xml") && !f.getFileName().toString()
          .startsWith("HEFT")).sorted().toList()) {
        Workload w = DaxImporter.read(p);
        all.add(new Workload(p.getFileName().toString().replace(".xml", ""), w.format(), w.tasks(),
            w.observedMakespan(), 0));
      }
    }
    return all;
  }

  public static List<Row> run(Path workloads) throws ImportException, IOException {
    List<Row> rows = new ArrayList<>();
    for (Workload w : workflows(workloads)) {
      double[] duration = new double[w.tasks().size()];
      int[][] parents = new int[duration.length][];
      for (int i = 0; i < duration.length; i++) {
        duration[i] = w.tasks().get(i).runtime();
        parents[i] = w.tasks().get(i).parents();
      }
      for (int c : CORES) {
        var agents = AgentsSpec.parse(c + "x{cpu:1,mem:1000000}");
        Simulator.Options base = Simulator.Options.defaults();
        double exact = Simulator.run(w, agents, base).makespan();
        double planned = Simulator.run(w, agents, base.withOrder(Simulator.Order.PLANNED)).makespan();
        double none = Simulator.run(w, agents,
            base.withEstimates(Simulator.Estimates.NONE, null)).makespan();
        DurationHistory history = new DurationHistory();
        // an earlier run, with no estimates, teaches the history; the next run uses it
        Simulator.run(w, agents, base.withEstimates(Simulator.Estimates.NONE, history));
        double learned = Simulator.run(w, agents,
            base.withEstimates(Simulator.Estimates.HISTORY, history)).makespan();
        double fifo = Simulator.run(w, agents, base.withOrder(Simulator.Order.FIFO)).makespan();
        rows.add(new Row(w.name(), w.tasks().size(), c, MakespanBound.simple(duration, parents, c),
            MakespanBound.tight(duration, parents, c), exact, planned, none, learned, fifo));
      }
    }
    return rows;
  }

  /** Convenience for one result: the planner with exact estimates. */
  static SimResult exact(Workload w, int cores) {
    return Simulator.run(w, AgentsSpec.parse(cores + "x{cpu:1,mem:1000000}"),
        Simulator.Options.defaults());
  }
}
