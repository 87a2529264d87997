package io.taskexec.engine;

import io.taskexec.execute.TaskExecutor;
import io.taskexec.place.Allocation;
import io.taskexec.plan.PlanItem;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's mutable record of one task. Written only by the scheduler loop; other threads read
 * {@link #state} (volatile) and take snapshots under the record's lock.
 */
final class TaskRun {
  final Task task;
  final PlanItem item;
  final Instant submittedAt;
  final CompletableFuture<TaskResult> future = new CompletableFuture<>();

  volatile TaskState state = TaskState.PENDING;
  int attempt;
  Allocation allocation;
  AttemptContext context;
  Instant placedAt;
  Instant startedAt;
  Instant firstStartedAt;
  Clock.Cancellable timeoutTimer;
  boolean deadlineFlagged;
  /** Flagged once: its deadline cannot be met given the estimates (see {@link Deadlines}). */
  boolean deadlineAtRisk;
  /** When it last became READY: ageing counts the wait from here. */
  Instant readyAt;
  String waitingFor;
  String reason;
  /** What a successful handler returned. */
  java.util.Map<String, Object> output = java.util.Map.of();
  volatile double progress;
  /**
   * Every attempt so far, an immutable list replaced on each new attempt (usually one), so that
   * results and snapshots share it instead of copying it.
   */
  List<AttemptRecord> attempts = List.of();
  /** The executor of the task's type, looked up on the submitting thread; null when unknown. */
  TaskExecutor executor;
  /** What the next attempt asks for when it differs from the spec (more memory after RESOURCE_EXCEEDED); else null. */
  io.taskexec.task.Requirements requirements;

  TaskRun(Task task, long seq, Instant submittedAt) {
    this(task, seq, submittedAt, null);
  }

  TaskRun(Task task, long seq, Instant submittedAt, TaskExecutor executor) {
    this.task = task;
    this.executor = executor;
    this.submittedAt = submittedAt;
    this.item = new PlanItem(task, seq, task.deadline() == null ? null : task.deadline().resolve(submittedAt), this);
  }

  String id() {
    return task.id();
  }

  /** What an attempt of this task asks for: the spec's requirements unless a retry raised them. */
  io.taskexec.task.Requirements requirements() {
    io.taskexec.task.Requirements r = requirements;
    return r != null ? r : task.requirements();
  }

  Instant deadline() {
    return item.deadline();
  }

  synchronized TaskSnapshot snapshot() {
    return new TaskSnapshot(task, state, attempt, submittedAt, deadline(), startedAt,
        allocation == null ? null : allocation.agentId(), progress, waitingFor, attempts);
  }

  synchronized void addAttempt(AttemptRecord r) {
    int n = attempts.size();
    if (n == 0) {
      attempts = List.of(r);
    } else {
      AttemptRecord[] all = attempts.toArray(new AttemptRecord[n + 1]);
      all[n] = r;
      attempts = List.of(all);
    }
  }

  synchronized TaskResult result() {
    return new TaskResult(task.id(), state, attempts, output, reason, deadlineFlagged);
  }

}
