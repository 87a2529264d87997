package io.taskexec.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code java -jar taskexec-bench.jar [quick|full] [--only=a,b,c,s,m,r,x,h] [--workers=N] [--n=N]
 * [--rounds=N] [--json=FILE]}: runs the benchmarks of this package, prints every figure beside
 * its baseline and goal, and writes them as JSON. Exit status 0 when everything ran (a MISS is a
 * result, not a failure), 1 when a run failed or a task did not succeed, 2 for bad arguments.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Settings s;
    Set<String> only = new TreeSet<>(List.of("a", "b", "c", "s", "m"));
    Path json = Path.of("bench", "target", "results.json");
    try {
      s = Settings.quick();
      for (String a : args) {
        if (a.equals("quick") || a.equals("full")) s = Settings.named(a).withWorkers(s.workers());
        else if (a.startsWith("--only=")) only = new TreeSet<>(List.of(a.substring(7).split(",")));
        else if (a.startsWith("--workers=")) s = s.withWorkers(Integer.parseInt(a.substring(10)));
        else if (a.startsWith("--n=")) s = s.withFlatTasks(Integer.parseInt(a.substring(4).replace("_", "")));
        else if (a.startsWith("--rounds=")) s = s.withRounds(Integer.parseInt(a.substring(9)));
        else if (a.startsWith("--json=")) json = Path.of(a.substring(7));
        else throw new IllegalArgumentException("unknown argument '" + a + "'");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("taskexec-bench: " + e.getMessage());
      System.err.println("usage: taskexec-bench [quick|full] [--only=a,b,c,s,m,r,x,h] [--workers=N] [--n=N] [--rounds=N] [--json=FILE]");
      System.exit(2);
      return;
    }
    System.exit(run(s, only, json));
  }

  static int run(Settings s, Set<String> only, Path json) throws Exception {
    Instant start = Instant.now();
    Report report = new Report(s);
    boolean failed = false;
    double loadBefore = loadAverage();
    log(String.format("taskexec bench, %s mode: %s, %d cpus, load average %.2f, max heap %,d MB, %d engine workers",
        s.name(), System.getProperty("java.vm.name") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors(),
        loadBefore, Runtime.getRuntime().maxMemory() / 1_000_000, s.workers()));
    if (only.contains("a")) {
      Rounds.Pair a = FlatThroughput.measure(s, BenchMain::log);
      FlatThroughput.report(s, a, report);
      failed |= !allSucceeded(a.subject()) || !allSucceeded(a.baseline());
    }
    if (only.contains("b")) {
      DagThroughput.Result b = DagThroughput.measure(s, BenchMain::log);
      DagThroughput.report(s, b, report);
      failed |= !allSucceeded(b.engine().subject()) || !allSucceeded(b.engine().baseline()) || !allSucceeded(b.planner());
    }
    if (only.contains("c")) {
      Path jmhLog = json.toAbsolutePath().resolveSibling("jmh.log");
      log(String.format("[c] JMH: 9 placement benchmarks, %d fork, %d warm-up and %d measured iterations of %d s; log in %s",
          s.jmhForks(), s.jmhWarmups(), s.jmhIterations(), s.jmhSeconds(), jmhLog));
      JmhPlacement.report(JmhPlacement.run(s, jmhLog), report);
    }
    if (only.contains("s")) failed |= !StoreGroup.run(s, report, BenchMain::log);
    if (only.contains("r")) failed |= !ReportGroup.run(s, report, BenchMain::log); // not in the default set: --only=r
    if (only.contains("m")) MonitoringCost.run(s, report, BenchMain::log);
    if (only.contains("x")) ScaleGroup.run(s, report, BenchMain::log); // not in the default set: --only=x
    if (only.contains("q")) QualityGroup.run(s, report, BenchMain::log); // not in the default set: --only=q
    if (only.contains("h")) ApiLoad.run(s, report, BenchMain::log); // not in the default set: --only=h
    if (only.contains("k")) ClusterGroup.run(s, report, BenchMain::log); // not in the default set: --only=k
    Map<String, Object> env = environment(s, start);
    env.put("load_average_before", loadBefore);
    env.put("load_average_after", loadAverage());
    report.writeJson(json, env);
    System.out.println();
    System.out.print(report.table());
    System.out.println();
    System.out.printf("%d figures, %d with goals missed; %s; JSON in %s%n", report.figures().size(), report.misses(),
        failed ? "SOME TASKS DID NOT SUCCEED" : "every task succeeded", json);
    log(String.format("took %d s; load average %.2f before, %.2f after (other processes on this machine skew absolute figures;"
        + " the ratios compare runs made side by side)", Duration.between(start, Instant.now()).toSeconds(), loadBefore, loadAverage()));
    return failed ? 1 : 0;
  }

  /** The system load average of the last minute, or NaN where the platform has none. */
  private static double loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? Double.NaN : l;
  }

  private static boolean allSucceeded(List<Run> runs) {
    return runs.stream().allMatch(Run::allSucceeded);
  }

  private static Map<String, Object> environment(Settings s, Instant start) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("started", start.toString());
    env.put("java", Runtime.version().toString());
    env.put("vm", System.getProperty("java.vm.name"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("cpus", Runtime.getRuntime().availableProcessors());
    env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1_000_000);
    env.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    env.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return env;
  }

  static void log(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
