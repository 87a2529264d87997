package io.taskexec.engine;

import io.taskexec.config.WorkerPoolConfig;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that run attempts. The pool starts at {@code min_workers}; while jobs wait and no
 * worker is idle it grows by {@code scaling_factor} up to {@code max_workers}; a worker idle for
 * {@code idle_timeout} leaves while the pool is above its minimum.
 *
 * <p>Workers are platform threads: shell attempts block in {@code Process.waitFor}, which pins a
 * virtual thread's carrier on JDK 21. Thread-safe.
 */
final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final WorkerPoolConfig config;
  private final LinkedTransferQueue<Runnable> queue = new LinkedTransferQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger idle = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger names = new AtomicInteger();
  private volatile boolean shutdown;

  WorkerPool(WorkerPoolConfig config) {
    this.config = config;
    for (int i = 0; i < config.minWorkers(); i++) startWorker();
  }

  void submit(Runnable job) {
    queued.incrementAndGet();
    queue.add(job);
    maybeGrow();
  }

  /** Grows by the scaling factor when more jobs wait than there are idle workers. */
  private void maybeGrow() {
    while (true) {
      int n = size.get();
      int backlog = queued.get() - idle.get();
      if (backlog <= 0 || n >= config.maxWorkers() || shutdown) return;
      int target = Math.min(config.maxWorkers(), Math.max(n + 1, (int) Math.ceil(n * config.scalingFactor())));
      if (size.compareAndSet(n, target)) {
        for (int i = n; i < target; i++) spawn();
        peak.accumulateAndGet(target, Math::max);
        log.debug("worker pool grew from {} to {} ({} jobs waiting)", n, target, backlog);
        return;
      }
    }
  }

  private void startWorker() {
    size.incrementAndGet();
    peak.accumulateAndGet(size.get(), Math::max);
    spawn();
  }

  private void spawn() {
    Thread t = new Thread(this::work, "taskexec-worker-" + names.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  private void work() {
    long idleNanos = Math.max(1, config.idleTimeout().toNanos());
    try {
      while (!shutdown) {
        Runnable job = queue.poll();
        if (job == null) {
          idle.incrementAndGet();
          try {
            job = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
          } finally {
            idle.decrementAndGet();
          }
        }
        if (job == null) {
          if (leaveIfAboveMinimum()) return;
          continue;
        }
        queued.decrementAndGet();
        try {
          job.run();
        } catch (Throwable t) {
          log.error("worker job failed unexpectedly", t);
        }
        Thread.interrupted();
      }
    } catch (InterruptedException e) {
      // shutting down
    }
    size.decrementAndGet();
  }

  private boolean leaveIfAboveMinimum() {
    while (true) {
      int n = size.get();
      if (n <= config.minWorkers()) return false;
      if (size.compareAndSet(n, n - 1)) {
        log.debug("worker pool shrank to {}", n - 1);
        return true;
      }
    }
  }

  int size() {
    return size.get();
  }

  int peak() {
    return peak.get();
  }

  int backlog() {
    return queued.get();
  }

  void shutdown() {
    shutdown = true;
    // wake idle workers so they see the flag
    for (int i = 0; i < size.get(); i++) {
      queued.incrementAndGet();
      queue.add(() -> {});
    }
  }
}
