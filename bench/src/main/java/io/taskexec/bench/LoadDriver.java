package io.taskexec.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Drives one {@link DurableQueue}: {@code threads} threads take the next {@code perCall} job
 * numbers and enqueue them in one call, timing each call (HdrHistogram), until {@code jobs} are
 * acknowledged; then the queue is waited on until every job is done. The clock runs from the
 * first enqueue to the last completion.
 */
final class LoadDriver {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LoadDriver() {}

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) ms += Math.max(0, gc.getCollectionTime());
    return ms;
  }

  /**
   * Opens a subject on fresh storage, measures one run and closes it.
   *
   * @param mode "batched" or "single", for the report
   */
  static StoreRun measure(String subject, String database, String mode, DurableQueue.Opener opener, String runName,
      int jobs, int perCall, int threads, Duration budget, Duration limit) {
    try (DurableQueue q = opener.open(runName, jobs)) {
      return drive(subject, database, mode, q, jobs, perCall, threads, budget, limit);
    } catch (Exception e) {
      return StoreRun.failed(subject, database, mode, jobs, reason(e));
    }
  }

  /**
   * @param budget enqueuing stops after this long even if fewer than {@code jobs} were enqueued;
   *     the run then counts the jobs acknowledged
   */
  static StoreRun drive(String subject, String database, String mode, DurableQueue q, int jobs, int perCall,
      int threads, Duration budget, Duration limit) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger acked = new AtomicInteger();
    AtomicLong enqueueCpu = new AtomicLong();
    long[] stopEnqueuing = new long[1];
    AtomicReference<Throwable> error = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> submitters = new ArrayList<>();
    long deadline = System.nanoTime() + limit.toNanos();
    for (int t = 0; t < threads; t++) {
      Histogram h = new Histogram(3);
      histograms.add(h);
      submitters.add(Thread.ofPlatform().name("bench-enqueue-" + t).start(() -> {
        try {
          go.await();
          int from;
          while (error.get() == null && System.nanoTime() < stopEnqueuing[0] && (from = next.getAndAdd(perCall)) < jobs) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("enqueuing took longer than " + limit);
            int to = Math.min(jobs, from + perCall);
            long a = System.nanoTime();
            q.enqueue(from, to);
            h.recordValue(System.nanoTime() - a);
            acked.addAndGet(to - from);
          }
        } catch (Throwable e) {
          error.compareAndSet(null, e);
        } finally {
          enqueueCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
        }
      }));
    }
    try (HeapProbe probe = HeapProbe.start()) {
      long cpu0 = OS.getProcessCpuTime();
      long gc0 = gcMillis();
      long t0 = System.nanoTime();
      stopEnqueuing[0] = t0 + budget.toNanos();
      go.countDown();
      for (Thread t : submitters) t.join();
      if (error.get() != null) return StoreRun.failed(subject, database, mode, jobs, "enqueue failed: " + reason(error.get()));
      int n = acked.get();
      boolean finished = q.awaitDone(n, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      long t1 = System.nanoTime();
      long cpu = OS.getProcessCpuTime() - cpu0;
      long gc = gcMillis() - gc0;
      HeapProbe.Usage heap = probe.finish();
      long start = q.clockFromFirstRun() && q.firstRunNanos() > t0 ? q.firstRunNanos() : t0;
      Histogram all = new Histogram(3);
      for (Histogram h : histograms) all.add(h);
      String failure = finished ? null : String.format("timed out after %s with %,d of %,d done", limit, q.done(), n);
      String details = String.format("cpu µs/job: enqueuing threads %.2f; GC %d ms", enqueueCpu.get() / 1e3 / Math.max(1, n), gc)
          + (q.details().isEmpty() ? "" : "; " + q.details());
      return new StoreRun(subject, database, mode, n, q.done(), t1 - start, all.getValueAtPercentile(50),
          all.getValueAtPercentile(99), all.getTotalCount(), heap, cpu, details, failure);
    }
  }

  /** The innermost message worth showing, on one line. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof RuntimeException
        && t.getMessage().startsWith("java."))) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    m = m.replace('\n', ' ');
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
