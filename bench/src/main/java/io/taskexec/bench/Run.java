package io.taskexec.bench;

/**
 * One measured run.
 *
 * @param what what ran, e.g. "engine" or "ThreadPoolExecutor"
 * @param tasks tasks submitted
 * @param succeeded tasks that ended successfully (the engine's count, or the latch's)
 * @param nanos from the first submission to the last completion
 * @param heap heap use during and after the run
 * @param cpu where the cpu went during the timed part
 * @param rounds scheduler rounds that emitted events (engine runs only, else 0): few tasks per
 *     round means the per-round costs (flush, wake-ups, parking) are paid often
 * @param events task events the engine emitted (engine runs only, else 0)
 */
record Run(String what, int tasks, long succeeded, long nanos, HeapProbe.Usage heap, CpuSplit cpu, long rounds, long events) {

  Run(String what, int tasks, long succeeded, long nanos, HeapProbe.Usage heap, CpuSplit cpu) {
    this(what, tasks, succeeded, nanos, heap, cpu, 0, 0);
  }

  Run named(String name) {
    return new Run(name, tasks, succeeded, nanos, heap, cpu, rounds, events);
  }

  double perSecond() {
    return tasks / (nanos / 1e9);
  }

  boolean allSucceeded() {
    return succeeded == tasks;
  }
}
