package io.taskexec.reporting.model;

import io.taskexec.store.AttemptRow;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import java.util.List;

/**
 * What the store tells of one task, read together so that a report can be computed one task at a
 * time: its spec, where it stands, its attempts and its metric summaries (empty when none was
 * measured).
 */
public record TaskFacts(StoredTask stored, TaskStatus status, List<AttemptRow> attempts, List<MetricSummary> metrics) {
  public TaskFacts {
    attempts = List.copyOf(attempts);
    metrics = List.copyOf(metrics);
  }

  /** The task's id. */
  public String id() {
    return stored.task().id();
  }

  /** The last attempt, or null when none was placed. */
  public AttemptRow lastAttempt() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }
}
