package io.taskexec.store;

import io.taskexec.event.TaskEvent;
import io.taskexec.task.TaskState;
import java.util.List;

/**
 * One stored task with what the store derives from it, read together by
 * {@link StateStore#forEachTask}: its spec, where it stands, its attempts and its metric summaries
 * (by name; empty when none was measured or the store keeps no metrics).
 */
public record TaskRecord(StoredTask stored, TaskStatus status, List<AttemptRow> attempts, List<MetricSummary> metrics) {
  public TaskRecord {
    attempts = List.copyOf(attempts);
    metrics = List.copyOf(metrics);
  }

  /** The record of a task from its events in the order appended, as {@link StateStore#status} tells it. */
  public static TaskRecord of(StoredTask stored, List<TaskEvent> events, List<MetricSummary> metrics) {
    return new TaskRecord(stored, statusOf(stored, events), AttemptRow.fromEvents(events), metrics);
  }

  /** The task's id. */
  public String id() {
    return stored.task().id();
  }

  /** Where a task stands after {@code events} (its events in the order appended): PENDING when none. */
  static TaskStatus statusOf(StoredTask t, List<TaskEvent> events) {
    if (events.isEmpty()) return new TaskStatus(t.task().id(), TaskState.PENDING, 0, 0, t.submittedAt());
    TaskEvent e = events.get(events.size() - 1);
    return new TaskStatus(t.task().id(), e.state(), e.attempt(), e.seq(), e.at());
  }
}
