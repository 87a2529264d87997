package io.taskexec.plan;

import io.taskexec.task.Task;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Observed run times per task type, as estimates for tasks that bring none: the planner ranks the
 * critical path by {@link Task#estimatedDuration()}, and without an estimate every task counts
 * the same (1 s), so the "longest path" degenerates into the path with most tasks.
 *
 * <p>The estimate is the mean of the observed durations of the type (successful attempts only; the
 * caller decides what to record). Not thread-safe; owned by whoever records.
 */
public final class DurationHistory {
  private final Map<String, long[]> byType = new HashMap<>(); // {count, total nanos}

  /** Records one observed run time of a task of {@code type}. Negative durations are ignored. */
  public void record(String type, Duration took) {
    if (took.isNegative()) return;
    long[] s = byType.computeIfAbsent(type, t -> new long[2]);
    s[0]++;
    s[1] = saturatedAdd(s[1], TaskTable.saturatedNanos(took));
  }

  /** The mean observed run time of {@code type}, or empty when none was recorded. */
  public Optional<Duration> estimate(String type) {
    long[] s = byType.get(type);
    return s == null || s[0] == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(s[1] / s[0]));
  }

  /** How many run times were recorded for {@code type}. */
  public long samples(String type) {
    long[] s = byType.get(type);
    return s == null ? 0 : s[0];
  }

  /**
   * {@code task} itself when it has an estimate or its type has no history; otherwise a copy with
   * the history's estimate.
   */
  public Task withEstimate(Task task) {
    if (task.estimatedDuration() != null) return task;
    return estimate(task.type())
        .map(d -> task.toBuilder().estimatedDuration(d).build())
        .orElse(task);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
