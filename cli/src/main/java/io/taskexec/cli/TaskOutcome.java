package io.taskexec.cli;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskResult;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one task of a run ended, for the summary table and the JSON summary.
 *
 * @param duration from the first attempt's start to the last attempt's end (backoff included), or
 *     null when it never started
 */
record TaskOutcome(Task task, TaskState state, List<AttemptRecord> attempts, String reason, boolean deadlineMissed) {

  static TaskOutcome of(Task task, TaskResult r) {
    return new TaskOutcome(task, r.state(), r.attempts(), r.reason(), r.deadlineMissed());
  }

  /** For a task whose end was not seen (the run was cut short): its state as it was last. */
  static TaskOutcome of(Task task, TaskSnapshot s) {
    return new TaskOutcome(task, s.state(), s.attempts(), s.waitingFor(), false);
  }

  Duration duration() {
    Instant first = attempts.stream().map(AttemptRecord::startedAt).filter(t -> t != null).findFirst().orElse(null);
    if (first == null || attempts.isEmpty()) return null;
    Instant last = attempts.get(attempts.size() - 1).endedAt();
    return last == null ? null : Duration.between(first, last);
  }

  /** The exit code of the last attempt, or null when it had no process or none ended. */
  Integer exitCode() {
    return attempts.isEmpty() ? null : exitCode(attempts.get(attempts.size() - 1));
  }

  /**
   * An attempt's exit code. The engine records one only for failures; a shell attempt that
   * succeeded exited with 0 (the shell executor's only way to succeed).
   */
  Integer exitCode(AttemptRecord a) {
    if (a.exitCode() != null) return a.exitCode();
    return a.outcome() == TaskState.SUCCEEDED && "shell".equals(task.type()) ? Integer.valueOf(0) : null;
  }
}
