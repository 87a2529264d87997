package io.taskexec.store;

import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a stored task stands now: the state of its last stored event, or {@code PENDING} with
 * attempt 0 when it has none yet.
 *
 * @param lastEventSeq the {@link io.taskexec.event.TaskEvent#seq} of that last event; 0 when none
 * @param updatedAt when that event happened; the submission time when there is none
 */
public record TaskStatus(String taskId, TaskState state, int attempt, long lastEventSeq, Instant updatedAt) {
  public TaskStatus {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
