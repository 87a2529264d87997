package io.taskexec.bench;

/**
 * One measured run of group (s).
 *
 * @param subject e.g. "taskexec" or "JobRunr 8.2.0"
 * @param database "memory", "SQLite" or "PostgreSQL"
 * @param mode "batched" or "single"
 * @param jobs jobs enqueued (and acknowledged)
 * @param done jobs that ran and whose completion was stored
 * @param nanos from the first enqueue (or the first run, see {@link DurableQueue#clockFromFirstRun})
 *     until every job was done
 * @param ackP50Nanos median time one enqueue call took to return (a batch or a single job)
 * @param ackP99Nanos 99th percentile of the same
 * @param calls enqueue calls made
 * @param heap heap use during the run
 * @param processCpuNanos cpu of the whole JVM during the run (all threads, GC included)
 * @param details what the subject adds (commits, writer thread cpu, settings)
 * @param failure why the run did not finish, or null
 */
record StoreRun(String subject, String database, String mode, int jobs, long done, long nanos, long ackP50Nanos,
    long ackP99Nanos, long calls, HeapProbe.Usage heap, long processCpuNanos, String details, String failure) {

  static StoreRun failed(String subject, String database, String mode, int jobs, String why) {
    return new StoreRun(subject, database, mode, jobs, 0, 0, 0, 0, 0, HeapProbe.Usage.NONE, 0, "", why);
  }

  boolean ok() {
    return failure == null && done >= jobs;
  }

  /** Jobs per second, or NaN for a run that did not finish. */
  double perSecond() {
    return ok() && nanos > 0 ? jobs / (nanos / 1e9) : Double.NaN;
  }

  String describe() {
    if (failure != null) return String.format("%s on %s, %s: n/a (%s)", subject, database, mode, failure);
    return String.format("%s on %s, %s: %,.0f jobs/s (%,d jobs in %.2f s%s), ack p50 %,.0f µs, p99 %,.0f µs over %,d calls;"
            + " peak heap %,.0f MB; jvm cpu %.1f µs/job%s",
        subject, database, mode, perSecond(), jobs, nanos / 1e9, done >= jobs ? "" : ", only " + done + " done",
        ackP50Nanos / 1e3, ackP99Nanos / 1e3, calls, heap.peakUsedBytes() / 1e6, processCpuNanos / 1e3 / jobs,
        details.isEmpty() ? "" : "; " + details);
  }

  /** As a {@link Run}, for the JSON's list of runs. */
  Run asRun() {
    return new Run(subject + " " + database + " " + mode, jobs, done, nanos, heap,
        new CpuSplit(0, 0, 0, 0, 0, 0), 0, 0);
  }
}
