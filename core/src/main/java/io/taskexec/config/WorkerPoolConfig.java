package io.taskexec.config;

import java.time.Duration;

/**
 * {@code task_execution.engine.worker_pool}: the pool grows from {@code minWorkers} toward
 * {@code maxWorkers}, multiplying its size by {@code scalingFactor} while work waits, and shrinks
 * back toward the minimum after {@code idleTimeout} without backlog.
 */
public record WorkerPoolConfig(int minWorkers, int maxWorkers, double scalingFactor, Duration idleTimeout) {
  public static final WorkerPoolConfig DEFAULT = new WorkerPoolConfig(5, 20, 1.5, Duration.ofSeconds(30));

  public WorkerPoolConfig {
    if (minWorkers < 1) throw new IllegalArgumentException("min_workers must be >= 1, got " + minWorkers);
    if (maxWorkers < minWorkers)
      throw new IllegalArgumentException("max_workers (" + maxWorkers + ") must be >= min_workers (" + minWorkers + ")");
    if (!(scalingFactor > 1.0)) throw new IllegalArgumentException("scaling_factor must be > 1, got " + scalingFactor);
    if (idleTimeout == null || idleTimeout.isNegative()) throw new IllegalArgumentException("idle_timeout must be >= 0");
  }
}
