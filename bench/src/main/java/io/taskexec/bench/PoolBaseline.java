package io.taskexec.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline of (a): a plain {@link ThreadPoolExecutor} with a fixed number of threads and an
 * unbounded {@link LinkedBlockingQueue}, running N no-op {@link Runnable}s submitted from one
 * thread, timed until a {@link CountDownLatch} says all have run. What any Java program gets for
 * free; the engine does far more per task (validation, a durable record, dependencies, placement,
 * events), and the ratio says what that costs.
 */
final class PoolBaseline {
  private PoolBaseline() {}

  static final String WORKER_PREFIX = "bench-tpe-";

  static Run run(int tasks, int threads) {
    AtomicInteger names = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
        r -> new Thread(r, WORKER_PREFIX + names.incrementAndGet()));
    pool.prestartAllCoreThreads();
    try (HeapProbe probe = HeapProbe.start()) {
      CountDownLatch done = new CountDownLatch(tasks);
      Runnable noop = done::countDown;
      CpuSplit.Reading before = CpuSplit.read(WORKER_PREFIX);
      long t0 = System.nanoTime();
      for (int i = 0; i < tasks; i++) pool.execute(noop);
      done.await();
      long nanos = System.nanoTime() - t0;
      CpuSplit cpu = CpuSplit.read(WORKER_PREFIX).since(before);
      return new Run("ThreadPoolExecutor", tasks, tasks - done.getCount(), nanos, probe.finish(), cpu);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the pool", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
