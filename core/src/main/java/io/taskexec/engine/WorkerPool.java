package io.taskexec.engine;

import io.taskexec.config.WorkerPoolConfig;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that run attempts. The pool starts at {@code min_workers}; while jobs wait and no
 * worker is idle it grows by {@code scaling_factor} up to {@code max_workers}; a worker idle for
 * {@code idle_timeout} leaves while the pool is above its minimum.
 *
 * <p>The scheduler hands over each round's jobs at once and wakes at most one sleeping worker per
 * job, so a busy pool is fed without a wake-up per task. Workers are platform threads: shell
 * attempts block in {@code Process.waitFor}, which pins a virtual thread's carrier on JDK 21.
 * Thread-safe.
 */
final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final WorkerPoolConfig config;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Thread> sleepers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger idle = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger names = new AtomicInteger();
  private volatile boolean shutdown;

  WorkerPool(WorkerPoolConfig config) {
    this.config = config;
    size.set(config.minWorkers());
    peak.set(config.minWorkers());
    for (int i = 0; i < config.minWorkers(); i++) spawn();
  }

  void submit(Runnable job) {
    submitAll(List.of(job));
  }

  /** Queues jobs and wakes as many sleeping workers as there are jobs (at most). */
  void submitAll(List<Runnable> jobs) {
    if (jobs.isEmpty()) return;
    queued.addAndGet(jobs.size());
    queue.addAll(jobs);
    for (int i = 0; i < jobs.size(); i++) {
      Thread t = sleepers.poll();
      if (t == null) break;
      LockSupport.unpark(t);
    }
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

  private void spawn() {
    Thread t = new Thread(this::work, "taskexec-worker-" + names.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  private void work() {
    long idleNanos = Math.max(1, config.idleTimeout().toNanos());
    while (!shutdown) {
      Runnable job = queue.poll();
      if (job == null) job = waitForJob(idleNanos);
      if (job == null) {
        if (leaveIfAboveMinimum()) return;
        continue;
      }
      queued.decrementAndGet();
      if (queued.get() > 0 && size.get() < config.maxWorkers()) maybeGrow(); // backlog persists: next step
      try {
        job.run();
      } catch (Throwable t) {
        log.error("worker job failed unexpectedly", t);
      }
      Thread.interrupted();
    }
    size.decrementAndGet();
  }

  /** Sleeps until a job is queued or the idle timeout passes; null on timeout. */
  private Runnable waitForJob(long idleNanos) {
    Thread me = Thread.currentThread();
    long deadline = System.nanoTime() + idleNanos;
    idle.incrementAndGet();
    try {
      while (!shutdown) {
        sleepers.add(me);
        Runnable job = queue.poll();
        if (job != null) {
          sleepers.remove(me);
          return job;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          sleepers.remove(me);
          return null;
        }
        LockSupport.parkNanos(this, left);
        sleepers.remove(me);
        job = queue.poll();
        if (job != null) return job;
      }
      return null;
    } finally {
      idle.decrementAndGet();
    }
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
    Thread t;
    while ((t = sleepers.poll()) != null) LockSupport.unpark(t);
  }
}
