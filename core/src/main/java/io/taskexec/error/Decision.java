package io.taskexec.error;

import io.taskexec.task.TaskState;
import java.time.Duration;

/** What the error manager decided about a failed attempt. */
public sealed interface Decision {
  /** Try again after {@code delay}. */
  record Retry(Duration delay, int nextAttempt) implements Decision {}

  /**
   * Stop: the task ends in {@code terminal}.
   *
   * @param skipDependents dependents become SKIPPED instead of UPSTREAM_FAILED
   * @param escalate a person should look (an ESCALATED event and a warning are emitted)
   */
  record GiveUp(TaskState terminal, boolean skipDependents, boolean escalate) implements Decision {}
}
