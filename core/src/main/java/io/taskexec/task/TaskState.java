package io.taskexec.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a task. The allowed transitions are data ({@link #canMoveTo}), in one table,
 * so that every from-state has one test and no code path can invent a transition.
 *
 * <pre>
 * PENDING ─► READY ─► PLACED ─► RUNNING ─► SUCCEEDED | FAILED | TIMED_OUT | CANCELLED
 *    │         │        │          └─► RETRYING ─► READY   (a recoverable failure with attempts left)
 *    │         │        └─► READY  (placement undone: agent lost, preempted)
 *    └─────────┴──► UPSTREAM_FAILED | SKIPPED | DEADLINE_MISSED | CANCELLED
 * </pre>
 */
public enum TaskState {
  PENDING,
  READY,
  PLACED,
  RUNNING,
  RETRYING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  CANCELLED,
  UPSTREAM_FAILED,
  DEADLINE_MISSED,
  SKIPPED;

  private Set<TaskState> next;

  static {
    PENDING.next = EnumSet.of(READY, UPSTREAM_FAILED, SKIPPED, DEADLINE_MISSED, CANCELLED, FAILED);
    READY.next = EnumSet.of(PLACED, DEADLINE_MISSED, CANCELLED, FAILED, PENDING);
    PLACED.next = EnumSet.of(RUNNING, READY, CANCELLED, FAILED, RETRYING);
    RUNNING.next = EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, RETRYING, READY);
    RETRYING.next = EnumSet.of(READY, CANCELLED, DEADLINE_MISSED, FAILED);
    for (TaskState s : new TaskState[] {SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, UPSTREAM_FAILED,
        DEADLINE_MISSED, SKIPPED}) {
      s.next = EnumSet.noneOf(TaskState.class);
    }
  }

  public boolean canMoveTo(TaskState target) {
    return next.contains(target);
  }

  public boolean isTerminal() {
    return next.isEmpty();
  }

  /** True for the terminal states that mean the work was done. */
  public boolean isSuccess() {
    return this == SUCCEEDED;
  }

  /** True once the task has started at least once (RUNNING or an end reached by running). */
  public boolean hasStarted() {
    return this == RUNNING || this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
  }
}
