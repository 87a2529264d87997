package io.taskexec.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.place.AgentSpec;
import io.taskexec.place.GpuSharing;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.plan.DurationHistory;
import io.taskexec.sim.AgentsSpec;
import io.taskexec.sim.SimResult;
import io.taskexec.sim.Simulator;
import io.taskexec.sim.Workload;
import io.taskexec.sim.importer.AlibabaGpuImporter;
import io.taskexec.sim.importer.ImportException;
import io.taskexec.sim.importer.Importers;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec simulate WORKLOAD --agents SPEC}: runs a workload file (WfCommons JSON, Pegasus
 * DAX, Kasahara STG, SWF job log, or an Alibaba GPU pod list) through the real planner and
 * placement on a virtual clock against simulated agents, and prints what a scheduler is judged
 * by: makespan, utilisation per resource, deadline misses, waits, and the scheduler's own cpu time.
 *
 * <pre>
 * simulated montage-chameleon-2mass-005d-001.json (wfcommons-1.5, 58 tasks, 114 edges)
 * on 8 agents, critical-path, best_fit, estimates exact, window 64
 *
 * MEASURE             VALUE
 * makespan            36.1 s
 * ...
 * </pre>
 */
@Command(name = "simulate", description = "Simulate a workload file on simulated agents with the real scheduler (virtual clock).")
final class SimulateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WORKLOAD", description = "WfCommons .json, Pegasus DAX .xml, Kasahara .stg, SWF .swf, or an Alibaba GPU pod list .csv.")
  Path workload;

  @Option(names = "--agents", required = true, paramLabel = "SPEC", description = "Agents: COUNTx{cpu:N,mem:GB,gpu:N} groups joined by +, e.g. 1000x{cpu:32,mem:256,gpu:8}; or a file of such lines; or an Alibaba GPU node list .csv.")
  String agents;

  @Option(names = "--strategy", paramLabel = "S", defaultValue = "critical-path", description = "critical-path (the planner's order, default), planned (the planner with look-ahead priorities: critical path improved by forward-backward passes), fifo (a FIFO list scheduler), fcfs (strict first come first served), easy (FCFS with EASY backfilling); for GPU pod lists: fgd (fragmentation-aware) or best-fit.")
  String strategy;

  @Option(names = "--placement", paramLabel = "P", defaultValue = "best_fit", description = "Agent choice: best_fit (default), spread, first_fit.")
  String placement;

  @Option(names = "--estimates", paramLabel = "E", defaultValue = "exact", description = "What the planner knows of durations: exact (the workload's runtimes, default), none, history (learnt from a first run of the same workload).")
  String estimates;

  @Option(names = "--preempt", description = "Let a task that does not fit stop running tasks of lower priority.")
  boolean preempt;

  @Option(names = "--json", description = "Print the measurements as JSON.")
  boolean json;

  private final Io io;

  SimulateCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (!Files.isRegularFile(workload)) throw new UserError(workload + ": no such file");
    try {
      String format = Importers.detect(workload);
      if (format.equals("alibaba-pods")) return gpuPacking();
      if (format.equals("alibaba-nodes")) {
        throw new UserError(workload + " is a node list: give the pod list as WORKLOAD and this file to --agents");
      }
      Workload w = Importers.read(workload);
      List<AgentSpec> specs = agents();
      Simulator.Options options = options();
      if (options.estimates() == Simulator.Estimates.HISTORY) {
        Simulator.run(w, specs, options.withEstimates(Simulator.Estimates.NONE, options.history()));
      }
      SimResult r = Simulator.run(w, specs, options);
      if (json) printJson(w, r, io.out());
      else printText(w, r, io.out());
      return ExitCodes.OK;
    } catch (ImportException e) {
      throw new UserError(e.getMessage());
    }
  }

  private List<AgentSpec> agents() {
    try {
      return AgentsSpec.parseOrRead(agents);
    } catch (IllegalArgumentException e) {
      throw new UserError("--agents: " + e.getMessage());
    } catch (IOException e) {
      throw new UserError("--agents: cannot read " + agents + ": " + e.getMessage());
    }
  }

  private Simulator.Options options() {
    PlacementStrategy p;
    try {
      p = PlacementStrategy.parse(placement);
    } catch (IllegalArgumentException e) {
      throw new UserError("--placement: '" + placement + "' is not one of best_fit, spread, first_fit");
    }
    Simulator.Options o = Simulator.Options.defaults().withPlacement(p).withPreempt(preempt);
    o = switch (strategy.toLowerCase(Locale.ROOT)) {
      case "critical-path", "critical_path" -> o;
      case "planned" -> o.withOrder(Simulator.Order.PLANNED);
      case "fifo" -> o.withOrder(Simulator.Order.FIFO);
      case "fcfs" -> o.withEstimates(Simulator.Estimates.NONE, null).withWindow(0);
      case "easy" -> o.withEstimates(Simulator.Estimates.NONE, null).withWindow(Integer.MAX_VALUE)
          .withEasyBackfill(true);
      case "fgd", "best-fit", "best_fit" -> throw new UserError("--strategy " + strategy
          + " is for GPU pod lists; for this workload use critical-path, planned, fifo, fcfs or easy");
      default -> throw new UserError("--strategy: '" + strategy
          + "' is not one of critical-path, planned, fifo, fcfs, easy (or fgd, best-fit for GPU pod lists)");
    };
    if (strategy.equalsIgnoreCase("fcfs") || strategy.equalsIgnoreCase("easy")) return o;
    return switch (estimates.toLowerCase(Locale.ROOT)) {
      case "exact" -> o;
      case "none" -> o.withEstimates(Simulator.Estimates.NONE, null);
      case "history" -> o.withEstimates(Simulator.Estimates.HISTORY, new DurationHistory());
      default -> throw new UserError("--estimates: '" + estimates + "' is not one of exact, none, history");
    };
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  /** "0.25 s", "1234 s", "7949022 s (92.0 days)": seconds, and days or hours when long. */
  private static String secs(double v) {
    String s = String.format(Locale.ROOT, v >= 100 ? "%.0f s" : "%.2f s", v);
    if (v >= 2 * 86400) return s + String.format(Locale.ROOT, " (%.1f days)", v / 86400);
    if (v >= 2 * 3600) return s + String.format(Locale.ROOT, " (%.1f hours)", v / 3600);
    return s;
  }

  private void printText(Workload w, SimResult r, PrintStream out) {
    out.println("simulated " + workload.getFileName() + " (" + w.format() + ", " + r.tasks() + " tasks, "
        + w.edgeCount() + " edges)");
    out.println("on " + r.agents() + (r.agents() == 1 ? " agent, " : " agents, ") + r.strategy());
    out.println();
    Table t = new Table("MEASURE", "VALUE");
    t.row("makespan", secs(r.makespan()));
    StringBuilder util = new StringBuilder();
    r.utilisation().forEach((k, v) -> util.append(util.length() == 0 ? "" : ", ").append(k).append(' ').append(pct(v)));
    t.row("utilisation", util.length() == 0 ? "-" : util.toString());
    t.row("deadline misses", r.deadlineMisses() + " of " + r.deadlines() + " with a deadline"
        + (r.flaggedAtAdmission().isEmpty() ? "" : " (" + r.flaggedAtAdmission().size() + " flagged at admission)"));
    t.row("wait (ready to start)", "mean " + secs(r.meanWait()) + ", p99 " + secs(r.p99Wait()) + ", max " + secs(r.maxWait()));
    t.row("tasks finished", r.finished() + " of " + r.tasks()
        + (r.neverPlaced() > 0 ? " (" + r.neverPlaced() + " could never be placed)" : ""));
    t.row("placements", r.placements() + (r.preempted().isEmpty() ? "" : " (" + r.preempted().size() + " preempted)"));
    t.row("scheduler cpu time", secs(r.schedulerCpuSeconds()) + String.format(Locale.ROOT, " (%,.0f placements/s), wall %s",
        r.placementsPerCpuSecond(), secs(r.wallSeconds())));
    t.print(out);
  }

  private void printJson(Workload w, SimResult r, PrintStream out) {
    ObjectNode root = StatusCommand.JSON.createObjectNode();
    root.put("workload", workload.toString());
    root.put("format", w.format());
    root.put("tasks", r.tasks());
    root.put("edges", w.edgeCount());
    root.put("agents", r.agents());
    root.put("strategy", r.strategy());
    root.put("makespan_s", r.makespan());
    ObjectNode u = root.putObject("utilisation");
    r.utilisation().forEach(u::put);
    root.put("deadlines", r.deadlines());
    root.put("deadline_misses", r.deadlineMisses());
    root.put("deadlines_flagged_at_admission", r.flaggedAtAdmission().size());
    root.put("mean_wait_s", r.meanWait());
    root.put("p99_wait_s", r.p99Wait());
    root.put("max_wait_s", r.maxWait());
    root.put("finished", r.finished());
    root.put("never_placed", r.neverPlaced());
    root.put("placements", r.placements());
    root.put("preempted", r.preempted().size());
    root.put("scheduler_cpu_s", r.schedulerCpuSeconds());
    root.put("wall_s", r.wallSeconds());
    StatusCommand.write(root, out);
  }

  /** An Alibaba pod list: pods in trace order onto the node list, until the trace ends. */
  private int gpuPacking() throws ImportException {
    GpuSharing.Policy policy = switch (strategy.toLowerCase(Locale.ROOT)) {
      case "fgd", "critical-path" -> GpuSharing.Policy.FGD;
      case "best-fit", "best_fit" -> GpuSharing.Policy.BEST_FIT;
      default -> throw new UserError("--strategy: a GPU pod list is packed with fgd (default) or best-fit, not '" + strategy + "'");
    };
    Path nodesFile = Path.of(agents);
    if (!Files.isRegularFile(nodesFile)) {
      throw new UserError("--agents: a GPU pod list needs the trace's node list file (sn,cpu_milli,memory_mib,gpu,model)");
    }
    List<GpuSharing.Node> nodes = AlibabaGpuImporter.nodes(nodesFile);
    List<AlibabaGpuImporter.Pod> pods = AlibabaGpuImporter.pods(workload);
    List<GpuSharing.Shape> shapes = pods.stream().map(AlibabaGpuImporter.Pod::shape).toList();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    GpuSharing cluster = new GpuSharing(policy, nodes, GpuSharing.popularity(shapes));
    int placed = 0;
    int refused = 0;
    long gpuRefused = 0;
    for (GpuSharing.Shape s : shapes) {
      if (cluster.place(s) != null) {
        placed++;
      } else {
        refused++;
        gpuRefused += s.gpuDemandMilli();
      }
    }
    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double total = cluster.totalGpuMilli() / 1000.0;
    double unallocated = cluster.unallocatedGpuMilli() / 1000.0;
    if (json) {
      ObjectNode root = StatusCommand.JSON.createObjectNode();
      root.put("workload", workload.toString());
      root.put("policy", policy.name().toLowerCase(Locale.ROOT));
      root.put("nodes", nodes.size());
      root.put("gpus", total);
      root.put("pods", pods.size());
      root.put("placed", placed);
      root.put("refused", refused);
      root.put("unallocated_gpus", unallocated);
      root.put("refused_gpu_demand", gpuRefused / 1000.0);
      root.put("scheduler_cpu_s", cpu);
      StatusCommand.write(root, io.out());
      return ExitCodes.OK;
    }
    PrintStream out = io.out();
    out.println("packed " + workload.getFileName() + " (" + pods.size() + " pods, in trace order, none leaving) onto "
        + nodes.size() + " nodes with " + String.format(Locale.ROOT, "%.0f", total) + " GPUs, "
        + policy.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    out.println();
    Table t = new Table("MEASURE", "VALUE");
    t.row("pods placed", placed + " of " + pods.size() + (refused > 0 ? " (" + refused + " found no room)" : ""));
    t.row("unallocated GPUs", String.format(Locale.ROOT, "%.1f of %.0f (%s)", unallocated, total, pct(unallocated / total)));
    t.row("GPU demand turned away", String.format(Locale.ROOT, "%.1f GPUs", gpuRefused / 1000.0));
    t.row("scheduler cpu time", secs(cpu));
    t.print(out);
    return ExitCodes.OK;
  }
}
