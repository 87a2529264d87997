package io.taskexec.event;

import io.taskexec.error.FailureKind;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable fact about a task. Events are the spine of taskexec: the store persists them,
 * metrics count them, the broker publishes them, reports are computed from them.
 *
 * @param seq engine-wide order, strictly increasing within one engine
 * @param attempt 1-based attempt number; 0 before the first attempt was placed
 * @param state the task's state after this event; for PROGRESS and SAMPLE, its current state
 * @param agentId the agent involved, or null
 * @param message a human sentence, or null
 * @param exitCode the process exit code for shell attempts that ended, or null
 * @param failure the classified failure, or null
 * @param data extra values (progress fraction, metric samples); never null
 */
public record TaskEvent(
    long seq,
    String taskId,
    int attempt,
    EventType type,
    TaskState state,
    Instant at,
    String agentId,
    String message,
    Integer exitCode,
    FailureKind failure,
    Map<String, Object> data) {

  public TaskEvent {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
    data = data == null ? Map.of() : data;
  }

  public static TaskEvent of(long seq, String taskId, int attempt, EventType type, TaskState state,
      Instant at) {
    return new TaskEvent(seq, taskId, attempt, type, state, at, null, null, null, null, Map.of());
  }
}
