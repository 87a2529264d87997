package io.taskexec.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How much group (s) measures. Every subject gets the same counts, except that a peer slower than
 * {@code tasks / budget} in its warm-up gets fewer, so that the group ends in reasonable time:
 * {@code max(minJobs, warm-up rate × budget)}, and stops enqueuing after 1.5 × {@code budget}.
 * taskexec always gets the full counts. The count each run used is in its label.
 *
 * @param tasks jobs of a batched run: {@code batchThreads} threads each enqueue batches of
 *     {@code batch} until {@code tasks} are acknowledged
 * @param singles jobs of a single-submit run: {@code singleThreads} threads each enqueue one job
 *     per call
 * @param batch jobs per batched call
 * @param batchThreads threads enqueuing batches
 * @param singleThreads threads enqueuing single jobs
 * @param warmup jobs of the warm-up run that each subject gets before it is measured (0: none)
 * @param budget about how long one measured run of a slow subject should take
 * @param minJobs the fewest jobs a measured run of a slow subject gets
 * @param limit the longest one run may take before it is reported as timed out
 */
record StoreSizes(int tasks, int singles, int batch, int batchThreads, int singleThreads, int warmup,
    Duration budget, int minJobs, Duration limit) {
  /** {@code -Dtaskexec.bench.store.n=N} replaces the batched count of quick and full mode. */
  static final String N_PROPERTY = "taskexec.bench.store.n";

  StoreSizes {
    if (tasks < 1 || singles < 1 || batch < 1 || batchThreads < 1 || singleThreads < 1 || warmup < 0 || minJobs < 1)
      throw new IllegalArgumentException("store sizes must be positive: " + tasks + ", " + singles + ", " + batch);
  }

  static StoreSizes of(Settings s) {
    StoreSizes base = switch (s.name().toLowerCase(Locale.ROOT)) {
      case "full" -> new StoreSizes(100_000, 20_000, 1_000, 4, 16, 5_000, Duration.ofSeconds(30), 2_000, Duration.ofMinutes(5));
      case "quick" -> new StoreSizes(20_000, 5_000, 1_000, 4, 16, 1_000, Duration.ofSeconds(8), 1_000, Duration.ofMinutes(2));
      default -> tiny();
    };
    String n = System.getProperty(N_PROPERTY);
    return n == null ? base : base.withTasks(Integer.parseInt(n.replace("_", "")));
  }

  /** For tests: every code path, a few hundred jobs, no warm-up (so no subject gets fewer). */
  static StoreSizes tiny() {
    return new StoreSizes(300, 60, 100, 2, 4, 0, Duration.ofMinutes(1), 1, Duration.ofMinutes(1));
  }

  StoreSizes withTasks(int n) {
    return new StoreSizes(n, singles, batch, batchThreads, singleThreads, warmup, budget, minJobs, limit);
  }

  /** The jobs of a run for a subject that did {@code rate} jobs/s in its warm-up (NaN: unknown). */
  int jobsFor(int wanted, double rate, int multipleOf) {
    if (Double.isNaN(rate) || rate <= 0) return wanted;
    long cap = Math.max(minJobs, (long) (rate * budget.toMillis() / 1000));
    cap = (cap + multipleOf - 1) / multipleOf * multipleOf;
    return (int) Math.min(wanted, cap);
  }
}
