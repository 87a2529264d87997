package io.taskexec.bench;

import io.taskexec.task.Task;
import java.util.List;
import java.util.function.Consumer;

/**
 * (a) N independent no-op tasks through the whole engine (submit, validate, store, plan, place,
 * execute, record), submitted in batches by {@code submitAll}, against a plain
 * {@link java.util.concurrent.ThreadPoolExecutor} with as many threads as the engine has workers
 * running N no-op {@code Runnable}s. Goal: the engine reaches half the pool's throughput.
 */
final class FlatThroughput {
  static final double GOAL_RATIO = 0.5;

  private FlatThroughput() {}

  /** Warms both sides up, then measures {@code settings.rounds()} alternating rounds. */
  static Rounds.Pair measure(Settings s, Consumer<String> log) {
    int w = s.warmupTasks(s.flatTasks());
    List<Task> warm = Workloads.flat("w", w);
    for (int i = 0; i < Settings.WARMUP_ROUNDS; i++) {
      log.accept("[a] warm-up " + (i + 1) + "/" + Settings.WARMUP_ROUNDS + ":\n    " + Rounds.describe(Engines.run("engine", warm, s.workers(), s.batch(), false))
          + "\n    " + Rounds.describe(PoolBaseline.run(w, s.workers())));
    }
    warm = null;
    List<Task> tasks = Workloads.flat("t", s.flatTasks());
    return Rounds.alternate("a", s.rounds(),
        () -> Engines.run("engine", tasks, s.workers(), s.batch(), false),
        () -> PoolBaseline.run(s.flatTasks(), s.workers()),
        log);
  }

  static void report(Settings s, Rounds.Pair p, Report out) {
    Run engine = p.subjectMedian();
    Run pool = p.baselineMedian();
    String n = String.format("%,d", s.flatTasks());
    String tpe = "TPE " + s.workers() + " threads";
    out.add(Figure.of("a.engine_tasks_per_s", "a. engine, " + n + " no-op tasks (median)", engine.perSecond(), "tasks/s",
        tpe, pool.perSecond(), Goal.ratioAtLeast(GOAL_RATIO)));
    out.add(Figure.beside("a.engine_peak_heap_mb", "a. engine, peak heap used during run (sampled)", engine.heap().peakUsedBytes() / 1e6, "MB",
        tpe, pool.heap().peakUsedBytes() / 1e6));
    out.add(Figure.beside("a.engine_retained_heap_mb", "a. engine, heap retained at end (after GC)", engine.heap().retainedBytes() / 1e6, "MB",
        tpe, pool.heap().retainedBytes() / 1e6));
    out.add(Figure.beside("a.engine_retained_bytes_per_task", "a. engine, retained per task", engine.heap().retainedBytes() / (double) engine.tasks(), "B/task",
        null, Double.NaN));
    out.add(Figure.of("a.engine_scheduler_cpu_us_per_task", "a. engine, scheduler thread cpu per task", engine.cpu().schedulerNanos() / 1e3 / engine.tasks(), "µs",
        "worker threads", engine.cpu().workerNanos() / 1e3 / engine.tasks(), null));
    out.addRuns("a", p.subject());
    out.addRuns("a", p.baseline());
  }
}
