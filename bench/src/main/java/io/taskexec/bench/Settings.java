package io.taskexec.bench;

import java.util.Locale;

/**
 * How much to measure.
 *
 * @param flatTasks N for (a)
 * @param rounds measured rounds of (a) and (b), each running engine and baseline once, in
 *     alternating order; the median is reported
 * @param dagTasks tasks in the random DAG of (b)
 * @param workers engine worker threads, and the baseline pool's threads
 * @param batch tasks per {@code submitAll}
 * @param jmhWarmups warm-up iterations per JMH benchmark, each {@code jmhSeconds} long
 * @param jmhIterations measured iterations per JMH benchmark
 */
record Settings(
    String name,
    int flatTasks,
    int rounds,
    int dagTasks,
    int workers,
    int batch,
    int jmhForks,
    int jmhWarmups,
    int jmhIterations,
    int jmhSeconds) {

  static final int DEFAULT_WORKERS = 4;

  static Settings quick() {
    return new Settings("quick", 100_000, 3, 100_000, DEFAULT_WORKERS, 10_000, 1, 2, 3, 1);
  }

  static Settings full() {
    return new Settings("full", 1_000_000, 3, 100_000, DEFAULT_WORKERS, 10_000, 1, 3, 5, 1);
  }

  static Settings named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "quick" -> quick();
      case "full" -> full();
      default -> throw new IllegalArgumentException("unknown mode '" + name + "': use quick or full");
    };
  }

  Settings withWorkers(int w) {
    return new Settings(name, flatTasks, rounds, dagTasks, w, batch, jmhForks, jmhWarmups, jmhIterations, jmhSeconds);
  }

  Settings withFlatTasks(int n) {
    return new Settings(name, n, rounds, dagTasks, workers, batch, jmhForks, jmhWarmups, jmhIterations, jmhSeconds);
  }

  Settings withRounds(int r) {
    return new Settings(name, flatTasks, r, dagTasks, workers, batch, jmhForks, jmhWarmups, jmhIterations, jmhSeconds);
  }

  /** Warm-up rounds before measuring (a): enough for the JIT to compile the engine's hot paths. */
  static final int WARMUP_ROUNDS = 3;

  /** Tasks of a warm-up round: half the measured size, between 2,000 and 100,000. */
  int warmupTasks(int n) {
    return Math.max(Math.min(2_000, n), Math.min(100_000, n / 2));
  }
}
