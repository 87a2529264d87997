package io.taskexec.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code task_execution.engine.ageing}: a ready task that waits gains one priority level per
 * {@code interval} waited, up to {@code maxLevels} above its own (Slurm's age factor), so that a
 * steady stream of higher-priority work cannot starve it. {@code maxLevels} 0 turns ageing off.
 * Ageing orders the queue only: preemption compares the tasks' own priorities, so an aged task
 * never preempts the work it waited behind.
 */
public record AgeingConfig(Duration interval, int maxLevels) {
  public static final AgeingConfig DEFAULT = new AgeingConfig(Duration.ofMinutes(5), 10);
  public static final AgeingConfig OFF = new AgeingConfig(Duration.ofMinutes(5), 0);

  public AgeingConfig {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("ageing interval must be positive, got " + interval);
    if (maxLevels < 0) throw new IllegalArgumentException("ageing max_levels must be >= 0, got " + maxLevels);
  }

  public boolean enabled() {
    return maxLevels > 0;
  }
}
