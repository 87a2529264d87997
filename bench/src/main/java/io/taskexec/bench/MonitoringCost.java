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
 * one sampling round of 1,000 running tasks takes.
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
   */
  private record Once(double tasksPerSecond, double roundCpuMillis, double monitorCpuShare) {}

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
        if (monitored) {
          roundMs.add(o.roundCpuMillis());
          share.add(o.monitorCpuShare());
        }
        log.accept(String.format("[m] round %d, monitoring %-3s: %,.0f tasks/s%s", r + 1, monitored ? "on" : "off",
            o.tasksPerSecond(), monitored ? String.format(" (monitoring thread: %.1f ms cpu per sampling round of %,d running"
                + " tasks; %.1f%% of one core during the stream)", o.roundCpuMillis(), RUNNING, o.monitorCpuShare() * 100) : ""));
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
      List<CompletableFuture<?>> ends = new ArrayList<>();
      long cpu0 = monitoringCpu();
      long t0 = System.nanoTime();
      for (int from = 0; from < n; from += s.batch()) {
        List<TaskHandle> hs = engine.submitAll(stream.subList(from, Math.min(n, from + s.batch())));
        for (TaskHandle h : hs) ends.add(h.result());
      }
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double share = monitoring == null ? 0 : (monitoringCpu() - cpu0) / 1e9 / seconds;
      if (engine.counts().get(TaskState.SUCCEEDED) < n) throw new IllegalStateException("not every no-op task succeeded");
      hold.release.countDown();
      return new Once(n / seconds, roundMs, share);
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
