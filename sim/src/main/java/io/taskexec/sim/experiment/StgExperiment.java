package io.taskexec.sim.experiment;

import io.taskexec.sim.AgentsSpec;
import io.taskexec.sim.SimResult;
import io.taskexec.sim.Simulator;
import io.taskexec.sim.Workload;
import io.taskexec.sim.importer.ImportException;
import io.taskexec.sim.importer.StgImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kasahara STG graphs on 2, 4, 8 and 16 identical processors: the planner's critical-path list
 * schedule and a FIFO list schedule against the published optimal schedule lengths (Tobita and
 * Kasahara, J. Scheduling 2002; values from the STG results as copied in the workloads README).
 * Where the optimum is not proven the published range is "lower..best known", and the ratio is
 * taken against the best known schedule.
 */
public final class StgExperiment {
  /** Processor counts of the published results. */
  public static final int[] PROCESSORS = {2, 4, 8, 16};

  /** One graph on one processor count. */
  public record Row(String graph, int processors, long lowerBound, long bestKnown, double criticalPath,
      double fifo) {
    public double ratio() {
      return criticalPath / bestKnown;
    }

    public double fifoRatio() {
      return fifo / bestKnown;
    }

    public String published() {
      return lowerBound == bestKnown ? Long.toString(bestKnown) : lowerBound + ".." + bestKnown;
    }
  }

  /** Published schedule lengths: file, then {lower, best} for P = 2, 4, 8, 16. */
  static final Object[][] PUBLISHED = {
    {"50/rand0000.stg", new long[][] {{131, 131}, {66, 66}, {55, 55}, {55, 55}}},
    {"50/rand0001.stg", new long[][] {{149, 149}, {94, 94}, {89, 89}, {89, 89}}},
    {"50/rand0015.stg", new long[][] {{264, 264}, {188, 188}, {188, 188}, {188, 188}}},
    {"50/rand0075.stg", new long[][] {{315, 315}, {255, 255}, {255, 255}, {255, 255}}},
    {"50/rand0110.stg", new long[][] {{133, 133}, {67, 71}, {35, 43}, {32, 32}}},
    {"50/rand0133.stg", new long[][] {{212, 212}, {122, 124}, {114, 114}, {114, 114}}},
    {"100/rand0000.stg", new long[][] {{291, 291}, {146, 146}, {94, 94}, {94, 94}}},
    {"100/rand0010.stg", new long[][] {{287, 287}, {146, 146}, {133, 133}, {133, 133}}},
    {"100/rand0086.stg", new long[][] {{560, 560}, {311, 311}, {290, 290}, {290, 290}}},
  };

  private StgExperiment() {}

  public static List<Row> run(Path workloads) throws ImportException {
    List<Row> rows = new ArrayList<>();
    for (Object[] entry : PUBLISHED) {
      String file = (String) entry[0];
      long[][] published = (long[][]) entry[1];
      Workload w = StgImporter.read(workloads.resolve("stg").resolve(file));
      for (int k = 0; k < PROCESSORS.length; k++) {
        int p = PROCESSORS[k];
        var agents = AgentsSpec.parse(p + "x{cpu:1,mem:1}");
        SimResult cp = Simulator.run(w, agents, Simulator.Options.defaults());
        SimResult fifo = Simulator.run(w, agents,
            Simulator.Options.defaults().withOrder(Simulator.Order.FIFO));
        rows.add(new Row(file, p, published[k][0], published[k][1], cp.makespan(), fifo.makespan()));
      }
    }
    return rows;
  }
}
