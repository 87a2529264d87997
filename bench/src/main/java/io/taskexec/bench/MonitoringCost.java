package io.taskexec.bench;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskHandle;
import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import io.taskexec.monitoring.Monitoring;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group m: what monitoring costs the engine. 1,000 Java-handler tasks are kept running (each
 * blocks until released) while a stream of no-op tasks goes through the same engine; the
 * stream's throughput is measured with monitoring attached (sampling every 1 s: the 1,000
 * handler threads by ThreadMXBean, every event followed) and without it, in alternating rounds
 * of the same JVM. Goal: monitoring costs less than 5% (ratio >= 0.95). Also reported: how long
 * one sampling round of 1,000 running tasks takes, the monitoring thread's cpu per task, and,
 * on against off, the whole JVM's cpu per task and the collectors' time: on a busy machine the
 * throughput ratio swings with other load, while cpu per task says what monitoring costs.
 */
final class MonitoringCost {
  static final int RUNNING = 1000;

  private MonitoringCost() {}

  /** Blocks until the round releases it: a task that stays running. */
  private static final class Hold implements TaskHandler {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String type() {
      return "hold";
    }

    @Override
    public Map<String, Object> handle(ExecutionContext ctx) throws InterruptedException {
      release.await();
      return Map.of();
    }
  }

  /**
   * @param roundCpuMillis cpu time of the monitoring thread per sampling round of 1,000 tasks
   * @param monitorCpuShare the monitoring thread's cpu time over the stream's wall time (share of one core)
   * @param monitorCpuPerTaskMicros the monitoring thread's cpu time during the stream per task of the
   *     stream: its sampling rounds included, what following one task costs. Cpu time rather than
   *     wall time, so other load on the machine skews it less than the throughput ratio
   */
  private record Once(double tasksPerSecond, double roundCpuMillis, double monitorCpuShare, double monitorCpuPerTaskMicros,
      double gcMillis, double processCpuPerTaskMicros) {}

  /**
   * Cpu time (ns) of this whole JVM so far, every thread and the collectors': per task of the
   * stream, on against off, it is what monitoring costs the machine, and other load skews it far
   * less than it skews throughput on a busy machine.
   */
  private static long processCpu() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  /** Time (ms) the JVM's collectors spent so far: what one side retains shows as collections that stop both. */
  private static long gcMillis() {
    long ms = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) ms += Math.max(0, gc.getCollectionTime());
    return ms;
  }

  /** Cpu time (ns) of the thread named {@code taskexec-monitoring}, or 0 when there is none. */
  private static long monitoringCpu() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("taskexec-monitoring")) {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId());
      }
    }
    return 0;
  }

  static void run(Settings s, Report report, Consumer<String> log) throws Exception {
    int n = Math.max(1_000, s.flatTasks() / 2);
    int rounds = Math.max(1, s.rounds());
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    List<Double> roundMs = new ArrayList<>();
    List<Double> share = new ArrayList<>();
    List<Double> perTask = new ArrayList<>();
    List<Double> gcOff = new ArrayList<>();
    List<Double> gcOn = new ArrayList<>();
    List<Double> cpuOff = new ArrayList<>();
    List<Double> cpuOn = new ArrayList<>();
    log.accept(String.format("[m] monitoring cost: %,d no-op tasks beside %,d running handler tasks, monitoring off and on"
        + " (1 s sampling), %d alternating rounds after a warm-up", n, RUNNING, rounds));
    if (rounds >= 3) {
      // one unmeasured round of each: class loading and JIT fall on neither side
      once(s, n, false);
      once(s, n, true);
    }
    for (int r = 0; r < rounds; r++) {
      // alternate which goes first, so that warm-up and drift fall on both sides
      boolean onFirst = r % 2 == 1;
      for (boolean monitored : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
        Once o = once(s, n, monitored);
        (monitored ? on : off).add(o.tasksPerSecond());
        (monitored ? gcOn : gcOff).add(o.gcMillis());
        (monitored ? cpuOn : cpuOff).add(o.processCpuPerTaskMicros());
        if (monitored) {
          roundMs.add(o.roundCpuMillis());
          share.add(o.monitorCpuShare());
          perTask.add(o.monitorCpuPerTaskMicros());
        }
        String thread = !monitored ? "" : String.format(" (monitoring thread: %.1f ms cpu per sampling round of %,d running tasks;"
            + " %.1f%% of one core during the stream, %.2f µs per task)", o.roundCpuMillis(), RUNNING, o.monitorCpuShare() * 100,
            o.monitorCpuPerTaskMicros());
        log.accept(String.format("[m] round %d, monitoring %-3s: %,.0f tasks/s, gc %,.0f ms, jvm cpu %.2f µs per task%s", r + 1,
            monitored ? "on" : "off", o.tasksPerSecond(), o.gcMillis(), o.processCpuPerTaskMicros(), thread));
      }
    }
    double medOn = median(on);
    double medOff = median(off);
    log.accept(String.format("[m] median ratio on/off %.3f; best ratio %.3f (the best rounds of each, least disturbed by other load)",
        medOn / medOff, on.stream().mapToDouble(Double::doubleValue).max().orElse(0) / off.stream().mapToDouble(Double::doubleValue).max().orElse(1)));
    report.add(Figure.of("m.monitoring_on_tasks_per_s",
        String.format("m. engine beside %,d running tasks, monitoring on (1 s sampling)", RUNNING),
        medOn, "tasks/s", "monitoring off", medOff, Goal.ratioAtLeast(0.95)));
    report.add(Figure.of("m.sampling_round_cpu_ms", String.format("m. cpu of one sampling round, %,d running tasks", RUNNING),
        median(roundMs), "ms", null, Double.NaN, Goal.valueAtMost(50, "ms")));
    report.add(Figure.of("m.monitoring_cpu_share", "m. monitoring thread's cpu during the stream (share of one core)",
        median(share) * 100, "%", null, Double.NaN, null));
    report.add(Figure.of("m.jvm_cpu_per_task_monitoring_on", "m. cpu of the whole JVM per task of the stream, monitoring on",
        median(cpuOn), "µs", "monitoring off", median(cpuOff), null));
    report.add(Figure.of("m.gc_ms_monitoring_on", "m. collectors' time during the stream, monitoring on",
        median(gcOn), "ms", "monitoring off", median(gcOff), null));
    report.add(Figure.of("m.monitoring_cpu_per_task_us", "m. monitoring thread's cpu per task of the stream",
        median(perTask), "µs", null, Double.NaN, null));
  }

  private static Once once(Settings s, int n, boolean monitored) throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("taskexec-bench-m");
    Hold hold = new Hold();
    TaskExecutionConfig config = Engines.config(RUNNING + s.workers(), dir)
        .withMonitoring(new MonitoringConfig(Duration.ofSeconds(1), 100, 1000, 0.8, Duration.ofSeconds(60), Duration.ofMinutes(5)));
    try (TaskExecutionEngine engine = TaskExecutionEngine.builder().config(config).dataDirectory(dir).agent(Engines.BIG_AGENT)
            .store(new InMemoryStateStore(false)).serviceLoader(false).handler(hold).build();
        Monitoring monitoring = monitored ? Monitoring.attach(engine, config) : null) {
      List<Task> holders = new ArrayList<>(RUNNING);
      for (int i = 0; i < RUNNING; i++) {
        holders.add(Task.builder("hold-" + i, "hold").requirements(Workloads.SMALL).build());
      }
      engine.submitAll(holders);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (engine.counts().get(TaskState.RUNNING) < RUNNING) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the holding tasks did not all start");
        Thread.sleep(10);
      }
      double roundMs = Double.NaN;
      if (monitoring != null) {
        monitoring.sampleNow(); // the first round sees every thread; time the next ones
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
          long c = monitoringCpu();
          monitoring.sampleNow();
          ms[i] = (monitoringCpu() - c) / 1e6;
        }
        roundMs = median(Arrays.stream(ms).boxed().toList());
      }
      List<Task> stream = Workloads.flat("t", n);
      // The engines of earlier rounds are garbage in the old generation by now: collected here,
      // outside the measured stream, they do not fall on whichever side runs next.
      System.gc();
      List<CompletableFuture<?>> ends = new ArrayList<>();
      long cpu0 = monitoringCpu();
      long gc0 = gcMillis();
      long jvm0 = processCpu();
      long t0 = System.nanoTime();
      for (int from = 0; from < n; from += s.batch()) {
        List<TaskHandle> hs = engine.submitAll(stream.subList(from, Math.min(n, from + s.batch())));
        for (TaskHandle h : hs) ends.add(h.result());
      }
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long gc = gcMillis() - gc0;
      long jvm = processCpu() - jvm0;
      long monitorCpu = monitoring == null ? 0 : monitoringCpu() - cpu0;
      double share = monitorCpu / 1e9 / seconds;
      if (monitoring != null) {
        monitoring.flush(); // the events and summaries still queued belong to the stream's tasks too
        monitorCpu = monitoringCpu() - cpu0;
      }
      if (engine.counts().get(TaskState.SUCCEEDED) < n) throw new IllegalStateException("not every no-op task succeeded");
      hold.release.countDown();
      return new Once(n / seconds, roundMs, share, monitorCpu / 1e3 / n, gc, jvm / 1e3 / n);
    } finally {
      hold.release.countDown();
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }
}
