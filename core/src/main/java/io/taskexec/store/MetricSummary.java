package io.taskexec.store;

import java.util.Objects;

/**
 * The summary of one metric of one task (e.g. {@code cpu_percent} over its samples), kept after the
 * samples themselves are gone. Stored by (taskId, name); storing it again replaces it.
 */
public record MetricSummary(
    String taskId, String name, long count, double min, double max, double mean, double p50,
    double p95, double p99) {
  public MetricSummary {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(name, "name");
    if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
  }
}
